import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Department, Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { parseCheckpoint } from '../../src/proof/checkpoint';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/proof/merkle';
import { encodeVerifierKey, generateSigner, openNote, parseVerifierKey } from '../../src/proof/signed-note';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, outbound, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const signer = generateSigner('test.example/ledger');
let db: TestDatabase;
let server: RunningServer;
let base: string;
let a: Trader;
let b: Trader;
const tokens: Record<string, string> = {};

const integrator = () => new LogIntegrator(db.orm.em.fork(), signer, ledgerClock());
const b64 = (values: string[]) => values.map((v) => Buffer.from(v, 'base64'));

async function get(path: string, token?: string) {
  const response = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const type = response.headers.get('content-type') ?? '';
  const body = type.startsWith('application/json') ? await response.json() : type.startsWith('text/') ? await response.text() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, type, body: body as any, headers: response.headers };
}

async function gql(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as any;
}

beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test' });
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: SECRET, logKey: encodeVerifierKey(signer) },
    0,
    '127.0.0.1',
  );
  base = server.url.replace(/\/graphql$/, '');
  a = await registerTrader(db, 41);
  b = await registerTrader(db, 42);
  tokens.regulator = await mintToken(SECRET, { role: Role.REGULATOR, subject: 'r', expiresInSeconds: 600 });
  tokens.a = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'a', enterprise: a.code, expiresInSeconds: 600 });
  tokens.b = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'b', enterprise: b.code, expiresInSeconds: 600 });
  tokens.police = await mintToken(SECRET, { role: Role.PARTNER, subject: 'p', department: Department.PUBLIC_SECURITY, expiresInSeconds: 600 });
  tokens.fire = await mintToken(SECRET, { role: Role.PARTNER, subject: 'f', department: Department.FIRE_RESCUE, expiresInSeconds: 600 });
});
afterAll(async () => {
  await server.stop();
  await db.close();
});

describe('the log over HTTP and GraphQL', () => {
  it('has no checkpoint before the first is signed, and publishes its key', async () => {
    expect((await get('/checkpoint')).status).toBe(404);
    const key = await get('/log/key');
    expect(key.status).toBe(200);
    expect(key.body).toBe(`${encodeVerifierKey(signer)}\n`);
    expect(parseVerifierKey(key.body).id.equals(signer.id)).toBe(true);
    expect((await gql('{ logKey }', {})).data.logKey).toBe(encodeVerifierKey(signer));
  });

  it('serves the signed checkpoint, inclusion proofs that verify against it, and consistency with the next one', async () => {
    await record(db, a.viewer, [inbound(a.product, { quantity: '100' }), outbound(a.product, { quantity: '1', counterparty: b.code })]);
    await record(db, b.viewer, [inbound(b.product, { quantity: '5' })]);
    await integrator().integrateAll();
    await integrator().checkpoint();
    const text = await get('/checkpoint');
    expect(text.type).toMatch(/^text\/plain/);
    const first = parseCheckpoint(openNote(text.body, parseVerifierKey((await get('/log/key')).body)).text);
    expect(first).toMatchObject({ origin: 'test.example/ledger', size: 3 });

    const proved = await get(`/log/entries/${a.code}/2/proof`, tokens.regulator);
    expect(proved.status).toBe(200);
    expect(proved.body).toMatchObject({ treeSize: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/), canonical: expect.stringContaining(`"seq":2`) });
    verifyInclusion(proved.body.logIndex, 3, leafHash(Buffer.from(proved.body.hash, 'hex')), b64(proved.body.proof), first.root);

    await record(db, a.viewer, Array.from({ length: 300 }, (_, i) => inbound(a.product, { batch: `L${i}` })));
    await integrator().integrateAll();
    await integrator().checkpoint();
    const second = parseCheckpoint(openNote((await get('/checkpoint')).body, signer).text);
    expect(second.size).toBe(303);
    const consistency = await get(`/log/consistency?from=3&to=303`);
    expect(consistency.status).toBe(200);
    verifyConsistency(3, 303, b64(consistency.body.proof), first.root, second.root);
    // The default target is the latest checkpoint; an entry proof against an older checkpoint still verifies.
    expect((await get('/log/consistency?from=3')).body.to).toBe(303);
    const old = await get(`/log/entries/${b.code}/1/proof?size=3`, tokens.b);
    verifyInclusion(old.body.logIndex, 3, leafHash(Buffer.from(old.body.hash, 'hex')), b64(old.body.proof), first.root);
    const late = await get(`/log/entries/${a.code}/200/proof?size=3`, tokens.a);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'NOT_YET_LOGGED', field: 'seq', treeSize: 3 });
  });

  it('serves C2SP tiles from the stored tree, full ones only once full', async () => {
    const leaves = (
      await superuser(db, (c) => c.query<{ hash: string }>(`select e.hash from log_leaf l join ledger_entry e on e.id = l.entry_id order by l.log_index`))
    ).rows.map((r) => leafHash(Buffer.from(r.hash, 'hex')));
    const full = await get('/tile/0/000');
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toContain('immutable');
    expect(full.body.equals(Buffer.concat(leaves.slice(0, 256)))).toBe(true);
    expect((await get('/tile/0/001.p/47')).body.equals(Buffer.concat(leaves.slice(256, 303)))).toBe(true);
    expect((await get('/tile/0/001')).status).toBe(404);
    expect((await get('/tile/0/001.p/48')).status).toBe(404);
    expect((await get('/tile/1/000.p/1')).body).toHaveLength(32);
    const bad = await get('/tile/0/1');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
  });

  it('refuses bad sizes naming the parameter', async () => {
    for (const [path, field, status] of [
      ['/log/consistency', 'from', 400],
      ['/log/consistency?from=0', 'from', 400],
      ['/log/consistency?from=x', 'from', 400],
      ['/log/consistency?from=304', 'from', 400],
      ['/log/consistency?from=3&to=5', 'to', 404],
    ] as const) {
      const answer = await get(path);
      expect([path, answer.status, answer.body.field]).toEqual([path, status, field]);
    }
    const gqlBad = await gql('query($f: Int!) { consistencyProof(from: $f) { proof } }', { f: 0 });
    expect(gqlBad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('gives entry proofs to whoever may read the movement, and audits partners', async () => {
    expect((await get(`/log/entries/${a.code}/1/proof`)).status).toBe(401);
    expect((await get(`/log/entries/${a.code}/1/proof`, tokens.b)).status).toBe(403);
    expect((await get(`/log/entries/${a.code}/1/proof`, tokens.fire)).status).toBe(403);
    expect((await get(`/log/entries/${a.code}/999/proof`, tokens.a)).body).toMatchObject({ code: 'NOT_FOUND', field: 'seq' });
    expect((await get(`/log/entries/${a.code}/0/proof`, tokens.a)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seq' });
    expect((await get(`/log/entries/NOTACODE/1/proof`, tokens.regulator)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'chain' });
    // Chlorine is highly toxic: within public security's mandate.
    const police = await get(`/log/entries/${a.code}/1/proof`, tokens.police);
    expect(police.status).toBe(200);
    const audit = await superuser(db, (c) => c.query(`select operation_name, outcome, rows_returned, department from partner_audit_log order by id`));
    expect(audit.rows).toEqual([
      expect.objectContaining({ operation_name: 'log.entryProof', outcome: 'REFUSED', rows_returned: 0, department: 'FIRE_RESCUE' }),
      expect.objectContaining({ operation_name: 'log.entryProof', outcome: 'OK', rows_returned: 1, department: 'PUBLIC_SECURITY' }),
    ]);

    const query = `query($c: CreditCode!, $s: Int!, $t: Int) { entryProof(chain: $c, seq: $s, treeSize: $t) { logIndex treeSize hash canonical proof } }`;
    const viaGraphql = await gql(query, { c: a.code, s: 1, t: 3 }, tokens.police);
    const { logIndex, treeSize, hash, canonical, proof } = (await get(`/log/entries/${a.code}/1/proof?size=3`, tokens.regulator)).body;
    expect(viaGraphql.data.entryProof).toEqual({ logIndex, treeSize, hash, canonical, proof });
    expect((await gql(query, { c: a.code, s: 1 }, tokens.fire)).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(query, { c: a.code, s: 1 })).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const checkpoint = await gql('{ logCheckpoint { origin size root note } }', {});
    expect(checkpoint.data.logCheckpoint).toMatchObject({ origin: 'test.example/ledger', size: 303 });
    expect(checkpoint.data.logCheckpoint.note).toBe((await get('/checkpoint')).body);
  });
});
