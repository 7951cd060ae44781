import { createHash } from 'node:crypto';
import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { cosign } from '../../src/proof/checkpoint';
import { COSIGNATURE_TYPE, encodeVerifierKey, generateSigner, parseNote } from '../../src/proof/signed-note';
import { BatchService } from '../../src/registry/batch.service';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, record, registerTrader, Trader } from '../support/ledger-fixtures';

/**
 * The public REST routes behind the per-address limit of callers without a token (the one GraphQL's
 * use), the log's routes (checkpoint, proofs, witnesses' submissions, tiles) behind a larger one of
 * their own: past either, 429 with Retry-After and `{code: RATE_LIMITED, retryAfterSeconds}`;
 * /intake's callers without a platform's key behind the first. Addresses are X-Forwarded-For's,
 * trusted from loopback.
 */
const SECRET = 'test-secret-test-secret-test-secret-0123';
const PLATFORM_KEY = 'monitoring-platform-key-0123456789';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const signer = generateSigner('test.example/ledger');
let db: TestDatabase;
let server: RunningServer;
let base: string;
let maker: Trader;
let regulator: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const env = { NODE_ENV: 'test', TRUST_PROXY: 'loopback', ANONYMOUS_RATE_BURST: '3', ANONYMOUS_RATE_PER_MINUTE: '1', ANONYMOUS_LOG_RATE_BURST: '6', ANONYMOUS_LOG_RATE_PER_MINUTE: '1', MONITORING_PLATFORM_KEYS: `区危化品监测平台:${sha(PLATFORM_KEY)}` };
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config: loadConfig(env), logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: SECRET, logKey: encodeVerifierKey(signer) },
    0,
    '127.0.0.1',
  );
  base = server.url.replace(/\/graphql$/, '');
  maker = await registerTrader(db, 61);
  await new BatchService(db.orm.em.fork()).registerBatch(maker.viewer, { product: maker.product, batch: '2026R01', productionDate: '2026-11-20', expiryDate: '2028-11-19' });
  // One full level-0 tile and a partial one.
  await record(db, maker.viewer, Array.from({ length: 260 }, (_, i) => inbound(maker.product, { batch: i === 0 ? '2026R01' : `R${i}` })));
  const integrator = new LogIntegrator(db.orm.em.fork(), signer, ledgerClock());
  await integrator.integrateAll();
  await integrator.checkpoint();
  regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r', expiresInSeconds: 600 });
});

afterAll(async () => {
  await server.stop();
  await db.close();
});

async function get(path: string, address: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers: { 'x-forwarded-for': address, ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** `limit` requests from `address` pass (whatever they answer), the next is refused as the REST routes refuse. */
async function expectLimited(paths: string[], address: string, limit: number) {
  for (let i = 0; i < limit; i++) expect((await get(paths[i % paths.length], address)).status).not.toBe(429);
  const refused = await get(paths[0], address);
  expect(refused.status).toBe(429);
  const body = refused.json();
  expect(body).toEqual({ code: 'RATE_LIMITED', field: null, message: expect.stringContaining('retry in'), retryAfterSeconds: expect.any(Number) });
  expect(body.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(refused.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
  return refused;
}

describe('the public pages and their JSON (/p/…)', () => {
  it("a batch's page, its JSON and its product's page share the address's budget; a token holder at the same address is answered", async () => {
    const batch = `/p/${maker.product}/10/2026R01`;
    expect((await get(batch, '10.8.0.1', { accept: 'application/json' })).json().genuine).toBe(true);
    await expectLimited([`/p/${maker.product}`, `${batch}/qr.svg`], '10.8.0.1', 2);
    expect((await get(batch, '10.8.0.1', { accept: 'application/json' })).status).toBe(429);
    const withToken = await get(batch, '10.8.0.1', { accept: 'application/json', authorization: `Bearer ${regulator}` });
    expect(withToken.status).toBe(200);
    // A token that does not verify counts as none.
    expect((await get(batch, '10.8.0.1', { authorization: 'Bearer nonsense' })).status).toBe(429);
    // GraphQL without a token from that address draws on the same budget.
    const graphql = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.8.0.1' }, body: '{"query":"{ __typename }"}' });
    expect(graphql.status).toBe(429);
    expect(((await get(batch, '10.8.0.2')).status)).toBe(200);
  });
});

describe('the label sheet (/labels)', () => {
  it('is limited per address', async () => {
    await expectLimited([`/labels?product=${maker.product}&batch=2026R01`], '10.8.1.1', 3);
  });
});

describe("the log's routes (/checkpoint, /log/…, /tile/…; ANONYMOUS_LOG_RATE_*)", () => {
  it("share a budget of their own: a witness's run is served at an address whose pages are refused", async () => {
    await expectLimited(['/epcis/events'], '10.8.2.1', 3);
    // What a witness sends each run: the checkpoint, a consistency proof, its cosignature (refused for its unregistered name, not its address).
    expect((await get('/checkpoint', '10.8.2.1')).text).toMatch(/^test\.example\/ledger\n260\n/);
    expect((await get('/log/consistency?from=1', '10.8.2.1')).json()).toMatchObject({ from: 1, to: 260 });
    const note = (await get('/checkpoint', '10.8.9.9')).text;
    const cosignature = cosign(parseNote(note).text, generateSigner('stranger.example/witness', COSIGNATURE_TYPE), 1);
    const submitted = await fetch(`${base}/log/cosignatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.8.2.1' },
      body: JSON.stringify({ size: 260, cosignature }),
    });
    expect(submitted.status).toBe(404);
    expect((await get('/log/key', '10.8.2.1')).text).toBe(`${encodeVerifierKey(signer)}\n`);
    // Two tiles make six; the seventh request is refused.
    await expectLimited(['/tile/0/000'], '10.8.2.1', 2);
    expect((await get('/checkpoint', '10.8.2.1')).status).toBe(429);
    expect((await get('/checkpoint', '10.8.2.1', { authorization: `Bearer ${regulator}` })).status).toBe(200);
  });
});

describe('EPCIS (/epcis), reachable without a token', () => {
  it('is limited per address before the query is looked at; a token holder is answered', async () => {
    await expectLimited(['/epcis/events'], '10.8.3.1', 3);
    expect((await get('/epcis/events', '10.8.3.1', { authorization: `Bearer ${regulator}` })).status).toBe(200);
  });
});

describe('log tiles (/tile/…)', () => {
  it("are immutable for any cache; fetching them spends the log's budget, not the pages'", async () => {
    const full = await get('/tile/0/000', '10.8.4.1');
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/tile/0/001.p/4', '10.8.4.1')).status).toBe(200);
    await expectLimited(['/tile/0/000', '/tile/1/000.p/1', '/checkpoint'], '10.8.4.1', 4);
    expect((await get(`/p/${maker.product}/10/2026R01`, '10.8.4.1', { accept: 'application/json' })).json().genuine).toBe(true);
  });
});

describe('monitoring alarms (/intake/alarms)', () => {
  it("without a platform's key: refused before the body is read, and limited per address; the platform's own bursts are not", async () => {
    const send = (key: string | null, body: string) =>
      fetch(`${base}/intake/alarms`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.8.5.1', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
    const alarm = (alarmId: string) => JSON.stringify({ alarmId, enterprise: maker.code, sensor: 'GT-03', reading: 38.5, threshold: 25, occurredAt: '2026-11-20T01:00:00.000Z' });
    // A body that is not JSON is 401, not 400: it was never parsed.
    expect((await send(null, '{not json')).status).toBe(401);
    expect((await send('not-the-key-0123456789', alarm('x1'))).status).toBe(401);
    expect((await send(null, alarm('x2'))).status).toBe(401);
    const refused = await send(null, alarm('x3'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(((await refused.json()) as { retryAfterSeconds: number }).retryAfterSeconds));
    // The platform at that address: five alarms at once, past the burst of three, each stored.
    const stored = await Promise.all([1, 2, 3, 4, 5].map((i) => send(PLATFORM_KEY, alarm(`A-${i}`))));
    expect(stored.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    // The same budget as GraphQL's and the pages'.
    expect((await get(`/p/${maker.product}`, '10.8.5.1')).status).toBe(429);
  });
});
