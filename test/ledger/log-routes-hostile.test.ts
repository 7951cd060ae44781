import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { MAX_INPUTS } from '../../src/ledger/movement-submission';
import { encodeVerifierKey, generateSigner } from '../../src/proof/signed-note';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, ledgerCounts, record, registerTrader, restoreCanonicalAgreement, superuser, tamperEntries, Trader } from '../support/ledger-fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const signer = generateSigner('test.example/ledger');
let db: TestDatabase;
let server: RunningServer;
let base: string;
let a: Trader;
let regulator: string;
let enterprise: string;

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, init);
  const type = response.headers.get('content-type') ?? '';
  const body = type.startsWith('application/json') ? await response.json() : type.startsWith('text/') ? await response.text() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, body: body as any };
}
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const post = (path: string, body: string) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config: loadConfig({ NODE_ENV: 'test' }), logger: pino({ level: 'silent' }), clock: ledgerClock(), jwtSecret: SECRET, logKey: encodeVerifierKey(signer) },
    0,
    '127.0.0.1',
  );
  base = server.url.replace(/\/graphql$/, '');
  a = await registerTrader(db, 51);
  regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r', expiresInSeconds: 600 });
  enterprise = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'a', enterprise: a.code, expiresInSeconds: 600 });
  await record(db, a.viewer, [1, 2, 3, 4].map((n) => inbound(a.product, { batch: `H${n}` })));
  const integrator = new LogIntegrator(db.orm.em.fork(), signer, ledgerClock());
  await integrator.integrateAll();
  await integrator.checkpoint();
});
afterAll(async () => {
  await server.stop();
  await db.close();
});

describe('the log routes under hostile input', () => {
  it('answers every bad size, index, width and seq with a 4xx naming what is wrong, never a 500', async () => {
    const cases: [string, number, string | null][] = [
      ['/tile/0/-1', 400, 'path'],
      ['/tile/-1/000', 400, 'path'],
      ['/tile/64/000', 400, 'path'],
      ['/tile/0/1e3', 400, 'path'],
      ['/tile/0/abc', 400, 'path'],
      ['/tile/0/000.p/0', 400, 'path'],
      ['/tile/0/000.p/256', 400, 'path'],
      ['/tile/0/000.p/-3', 400, 'path'],
      ['/tile/0/000.p/1.5', 400, 'path'],
      ['/tile/0/x000/001', 400, 'path'],
      // An index past 2^53 cannot be named exactly: refused, not rounded.
      ['/tile/0/x999/x999/x999/x999/x999/x999/999', 400, 'path'],
      ['/tile/63/x009/x007/x199/x254/x740/x991', 400, 'path'],
      ['/tile/63/x009/x007/x199/x254/x740/991', 404, null],
      ['/tile/0/%00', 400, 'path.3'],
      ['/log/consistency', 400, 'from'],
      ['/log/consistency?from=-1', 400, 'from'],
      ['/log/consistency?from=1e2', 400, 'from'],
      ['/log/consistency?from=0x1', 400, 'from'],
      ['/log/consistency?from=1&from=2', 400, 'from'],
      ['/log/consistency?from=', 400, 'from'],
      ['/log/consistency?from=9999999999999999999999', 400, 'from'],
      ['/log/consistency?from=999999999999999', 400, 'from'],
      ['/log/consistency?from=1&to=-4', 400, 'to'],
      ['/log/consistency?from=1&to=abc', 400, 'to'],
      ['/log/consistency?from=1&to=999999999999999', 404, 'to'],
      ['/log/consistency?from=1&to=0', 404, 'to'],
    ];
    const proof = (chain: string, seq: string, query = '') => `/log/entries/${chain}/${seq}/proof${query}`;
    const authed: [string, number, string | null][] = [
      ['/tile/entries/-1', 400, 'path'],
      ['/tile/entries/000.p/0', 400, 'path'],
      ['/tile/entries/000.p/300', 400, 'path'],
      ['/tile/entries/x999/x999/x999/x999/x999/x999/999', 400, 'path'],
      ['/tile/entries/x009/x007/x199/x254/x740/991', 404, null],
      ['/tile/entries/000.p/5', 404, null],
      [proof(a.code, '0'), 400, 'seq'],
      [proof(a.code, '-1'), 400, 'seq'],
      [proof(a.code, '1.0'), 400, 'seq'],
      [proof(a.code, 'one'), 400, 'seq'],
      [proof(a.code, '01'), 400, 'seq'],
      // Past the largest seq a chain can hold (an int4): not an error of the database.
      [proof(a.code, '2147483648'), 400, 'seq'],
      [proof(a.code, '9999999999'), 400, 'seq'],
      [proof(a.code, '99999999999999999999'), 400, 'seq'],
      [proof(a.code, '2147483647'), 404, 'seq'],
      [proof('NOTACODE', '1'), 400, 'chain'],
      [proof('%00', '1'), 400, 'path.3'],
      [proof(a.code, '1', '?size=-1'), 400, 'size'],
      [proof(a.code, '1', '?size=abc'), 400, 'size'],
      [proof(a.code, '1', '?size=1e3'), 400, 'size'],
      [proof(a.code, '1', '?size=99999999999999999999'), 400, 'size'],
      [proof(a.code, '1', '?size=1&size=2'), 400, 'size'],
      [proof(a.code, '1', '?size=999999999999999'), 404, 'treeSize'],
      [proof(a.code, '1', '?size=0'), 404, 'treeSize'],
    ];
    const answers = [
      ...(await Promise.all(cases.map(async ([path, status, field]) => ({ path, expected: [status, field], got: await call(path) })))),
      ...(await Promise.all(authed.map(async ([path, status, field]) => ({ path, expected: [status, field], got: await call(path, bearer(regulator)) })))),
    ];
    expect(answers.map(({ path, got }) => [path, got.status, got.body.field])).toEqual(answers.map(({ path, expected }) => [path, ...expected]));
    for (const { path, got } of answers) {
      expect([path, typeof got.body.message, got.body.message.length > 10]).toEqual([path, 'string', true]);
      expect(JSON.stringify(got.body)).not.toMatch(/select|insert|out of range|at .*\.ts|stack/i);
    }
  });

  it('refuses malformed witness submissions with a 4xx naming the field', async () => {
    const line = '\u2014 nobody AAAA\n';
    for (const [body, status, field] of [
      ['not json', 400, null],
      ['[]', 400, 'cosignature'],
      ['{"size": 1}', 400, 'cosignature'],
      [JSON.stringify({ size: 1, cosignature: 42 }), 400, 'cosignature'],
      [JSON.stringify({ size: 1, cosignature: '\u2014 a b\n\u2014 c d' }), 400, 'cosignature'],
      [JSON.stringify({ size: 1, cosignature: line }), 404, 'cosignature'],
    ] as const) {
      const answer = await post('/log/cosignatures', body);
      expect([body, answer.status, answer.body.field ?? null]).toEqual([body, status, field]);
    }
    for (const [body, status, field] of [
      ['{}', 400, 'checkpoint'],
      [JSON.stringify({ checkpoint: 'test.example/ledger\n-1\nAAAA\n' }), 400, 'checkpoint'],
      [JSON.stringify({ checkpoint: ['x'] }), 400, 'checkpoint'],
    ] as const) {
      const answer = await post('/log/inconsistency', body);
      expect([body, answer.status, answer.body.field ?? null]).toEqual([body, status, field]);
    }
  });

  it(`refuses at append an entry whose canonical text a C2SP entry bundle could not carry (over ${MAX_INPUTS} inputs)`, async () => {
    const before = await ledgerCounts(db);
    const inputs = Array.from({ length: MAX_INPUTS + 1 }, (_, i) => ({ product: a.product, batch: `H${i}` }));
    await expect(record(db, a.viewer, [inbound(a.product, { batch: 'MIX', inputs })])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'entries', 0, 'inputs'] });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('answers a bundle holding an entry too long for the format (written by hand) with a 409 naming it, not a 500', async () => {
    const huge = 'x'.repeat(70_000);
    const [{ canonical }] = (await superuser(db, (c) => c.query(`select canonical from ledger_entry where chain = $1 and seq = 3`, [a.code]))).rows;
    await tamperEntries(db, `update ledger_entry set canonical = $1 where chain = $2 and seq = 3`, [huge, a.code]);
    try {
      const answer = await call('/tile/entries/000.p/4', bearer(regulator));
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'ENTRY_TOO_LARGE', field: 'path', logIndex: 2, chain: a.code, seq: 3, bytes: 70_000 });
      expect(answer.body.message).toContain('65,535');
      // The entry's own proof still carries it.
      expect((await call(`/log/entries/${a.code}/3/proof`, bearer(enterprise))).body.canonical).toHaveLength(70_000);
    } finally {
      await tamperEntries(db, `update ledger_entry set canonical = $1 where chain = $2 and seq = 3`, [canonical, a.code]);
      await restoreCanonicalAgreement(db);
    }
  });
});

