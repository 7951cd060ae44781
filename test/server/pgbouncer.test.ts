import { Pool } from 'pg';
import pino from 'pino';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { Database, openDatabase } from '../../src/db/database';
import { RunningPgBouncer, startPgBouncer } from '../../src/db/pgbouncer';
import { rawQuery } from '../../src/db/raw-query';
import { entities } from '../../src/entities';
import { LogRunner } from '../../src/ledger/log-runner';
import { generateSigner } from '../../src/proof/signed-note';
import { systemClock } from '../../src/shared/clock';
import { openTestDatabase, TestDatabase } from '../support/database';
import { startTestServer } from '../support/http';
import { expectLedgerWhole, logCaughtUp, mergeLoads, recordConcurrently, registerTraders, Send, sql, STOCK, token } from '../support/ledger-load';

/**
 * The server behind PgBouncer in transaction mode (Debian 12's 1.18, without
 * max_prepared_statements): requests through the pooler with unnamed
 * statements and the pooler's statement timeout, the log's integrator and its
 * advisory lock on DATABASE_DIRECT_URL. Appends, a concurrent batch on the
 * same chains, verification and reads all pass through it.
 */
jest.setTimeout(120_000);

let db: TestDatabase;
let bouncer: RunningPgBouncer;
let database: Database;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  db = await openTestDatabase();
  // The pooler sets the requests' timeout: PgBouncer refuses a statement_timeout startup parameter.
  bouncer = await startPgBouncer({ serverUrl: process.env.TEST_DATABASE_URL!, poolSize: 3, connectQueries: { [db.name]: 'SET statement_timeout = 7000' } });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: bouncer.url(db.url), DATABASE_DIRECT_URL: db.url });
  database = await openDatabase(config, pino({ level: 'silent' }), entities);
  server = await startTestServer({ orm: database.orm });
});

afterAll(async () => {
  await server?.stop();
  await database?.close();
  await bouncer?.stop();
  await db?.close();
});

const advisoryLocks = async () =>
  Number((await sql<{ n: string }>(db.url, `select count(*) as n from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`)).n);

const send: Send = async (_target, query, variables, bearer) => (await server.gql(query, variables, bearer)).body;

it('a named prepared statement breaks through this PgBouncer, which is why requests use unnamed ones', async () => {
  expect(bouncer.version).toMatch(/^1\./);
  const pool = new Pool({ connectionString: bouncer.url(db.url), max: 4 });
  try {
    const named = Promise.all(Array.from({ length: 12 }, (_, i) => pool.query({ name: 'hz_probe', text: 'select $1::int as v', values: [i] })));
    await expect(named).rejects.toThrow(/prepared statement "hz_probe"/);
  } finally {
    await pool.end();
  }
});

it('requests run through the pooler with its statement timeout; jobs and the integrator connect directly', async () => {
  const [timeout] = await rawQuery<{ statement_timeout: string }>(database.orm.em.fork(), 'show statement_timeout');
  expect(timeout.statement_timeout).toBe('7s');
  expect(database.orm.config.get('clientUrl')).toBe(bouncer.url(db.url));
  expect(database.background.config.get('clientUrl')).toBe(db.url);
});

it('appends one entry, a concurrent batch on the same chains, integrates, verifies and reads through PgBouncer', async () => {
  const traders = await registerTraders(db, 8100, 3);
  const single = await recordConcurrently(send, 1, traders.slice(0, 1), 1, 1);
  expect(single.expected.get(traders[0].code)).toBe(1);
  const batch = await recordConcurrently(send, 1, traders.slice(1), 4, 25);

  const log = new LogRunner({ em: database.background.em.fork(), signer: generateSigner('pgbouncer.test/ledger'), clock: systemClock, logger: pino({ level: 'silent' }), integrateMs: 50, checkpointMs: 1000 });
  log.start();
  try {
    await logCaughtUp(db.url);
    expect(await advisoryLocks()).toBe(1);
  } finally {
    await log.stop();
  }
  // Released on the session that took it (through a transaction-mode pooler, the unlock could reach another one).
  expect(await advisoryLocks()).toBe(0);

  await expectLedgerWhole(db.url, send, 1, mergeLoads(single, batch));
  const stock = await send(0, STOCK, { code: traders[1].code }, await token(Role.ENTERPRISE, { enterprise: traders[1].code }));
  expect(stock.data.stock.totalCount).toBe(100);
});

it("a partner's compiled reads, one shape with other values, run bound and unnamed through PgBouncer, each audited", async () => {
  const partner = await token(Role.PARTNER, { department: 'MARKET_SUPERVISION' } as { enterprise?: string });
  const PAGE = `query($n: Int, $after: String) { enterprises(first: $n, after: $after) { edges { cursor node { creditCode } } } }`;
  const rows = async () => Number((await sql<{ n: string }>(db.url, `select count(*) as n from partner_audit_log`)).n);
  await registerTraders(db, 8200, 12);
  const before = await rows();
  const all = (await send(0, PAGE, { n: 20, after: null }, partner)).data.enterprises.edges;
  expect(all.length).toBeGreaterThanOrEqual(12);
  // Concurrently, over the pool of 3 server connections: each page is the enterprise after its cursor.
  const next = await Promise.all(all.slice(0, -1).map((edge: any) => send(0, PAGE, { n: 1, after: edge.cursor }, partner)));
  expect(next.map((r) => r.errors)).toEqual(next.map(() => undefined));
  expect(next.map((r) => r.data.enterprises.edges[0].node.creditCode)).toEqual(all.slice(1).map((edge: any) => edge.node.creditCode));
  expect(await rows()).toBe(before + all.length);
});
