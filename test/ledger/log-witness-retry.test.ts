import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { witnessOnce } from '../../src/ledger/log-witness-client';
import { COSIGNATURE_TYPE, encodeVerifierKey, generateSigner, NoteSigner } from '../../src/proof/signed-note';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, record, registerTrader, superuser } from '../support/ledger-fixtures';

/**
 * A witness run against a log whose limit of callers without a token is spent: the server answers
 * 429 with Retry-After (here 1 s: a burst of 2, one request a second), and the witness waits that
 * long and asks again, a bounded number of times and never longer than its bound.
 */
const SECRET = 'test-secret-test-secret-test-secret-0123';
const log = generateSigner('test.example/ledger');
const fire = generateSigner('fire.example/witness', COSIGNATURE_TYPE);
let db: TestDatabase;
let server: RunningServer;
let base: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-witness-retry-'));

const witness = (signer: NoteSigner, retry?: { attempts: number; maxWaitSeconds: number }) =>
  witnessOnce({ url: base, witness: signer, logKey: log, stateFile: path.join(dir, `${signer.name.split('.')[0]}-${Date.now()}.json`), now: () => 1_790_000_000, retry });
/** Spends the address's budget of log requests: the next is refused until a second has passed. */
const spend = async () => {
  for (let i = 0; i < 3; i++) await (await fetch(`${base}/checkpoint`)).text();
  expect((await fetch(`${base}/checkpoint`)).status).toBe(429);
};
const cosignatures = async () => Number((await superuser(db, (c) => c.query<{ n: string }>('select count(*) as n from log_cosignature'))).rows[0].n);

beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', ANONYMOUS_LOG_RATE_BURST: '2', ANONYMOUS_LOG_RATE_PER_MINUTE: '60' });
  server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: SECRET, logKey: encodeVerifierKey(log) }, 0, '127.0.0.1');
  base = server.url.replace(/\/graphql$/, '');
  const a = await registerTrader(db, 71);
  await record(db, a.viewer, [inbound(a.product)]);
  const integrator = new LogIntegrator(db.orm.em.fork(), log, ledgerClock());
  await integrator.integrateAll();
  await integrator.checkpoint();
  const regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'reg-1', expiresInSeconds: 600 });
  const registered = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${regulator}` },
    body: JSON.stringify({ query: `mutation($key: String!, $holder: String!) { registerLogWitness(input: { key: $key, holder: $holder }) { name } }`, variables: { key: encodeVerifierKey(fire), holder: '消防救援' } }),
  });
  expect(((await registered.json()) as any).data.registerLogWitness.name).toBe(fire.name);
});
afterAll(async () => {
  await server.stop();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a witness told to retry later (429, Retry-After)', () => {
  it('waits as long as it is asked and cosigns', async () => {
    await spend();
    const started = Date.now();
    expect(await witness(fire)).toMatchObject({ status: 'COSIGNED', size: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await cosignatures()).toBe(1);
  });

  it('gives up after its attempts, or at once when asked to wait longer than its bound', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await spend();
    await expect(witness(fire, { attempts: 0, maxWaitSeconds: 30 })).rejects.toThrow(/GET .*\/checkpoint: HTTP 429 .*RATE_LIMITED/);
    const started = Date.now();
    await expect(witness(fire, { attempts: 3, maxWaitSeconds: 0.5 })).rejects.toThrow(/HTTP 429/);
    expect(Date.now() - started).toBeLessThan(900);
  });
});
