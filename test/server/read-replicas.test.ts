/**
 * Read replicas (DATABASE_REPLICA_URLS) against a real streaming replica of the test PostgreSQL:
 * routing and extensions.readFrom, read-your-writes by commit position, a replica lagging past
 * REPLICA_MAX_LAG_MS out of rotation and back, and one killed and restarted. One replica for the file.
 */
import pino from 'pino';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { ReadReplicas, ReplicaSettings } from '../../src/db/read-replicas';
import { WAL_POSITION } from '../../src/db/wal-position';
import { entities } from '../../src/entities';
import { openTestDatabase, TestDatabase } from '../support/database';
import { SECRET, startTestServer } from '../support/http';
import { inbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { startStreamingReplica, StreamingReplica } from '../support/streaming-replica';
import { EnforcementLevel } from '../../src/registry/registry.enums';

type Server = Awaited<ReturnType<typeof startTestServer>>;

let db: TestDatabase;
let replica: StreamingReplica;
let trader: Trader;
/** Stays in rotation however far behind (a paused replay shows read-your-writes). */
let patient: { reads: ReadReplicas; api: Server };
/** Out of rotation 300 ms behind. */
let strict: { reads: ReadReplicas; api: Server };
let fire: string;
let enterprise: string;
let regulator: string;

const STOCK = `query Stock($c: CreditCode!) { stock(enterprise: $c) { edges { node { quantity } } } }`;
const EVENTS = `{ epcisEvents(first: 100) { edges { cursor } } }`;
const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed } }`;

async function serve(settings: Omit<ReplicaSettings, 'urls'>) {
  const reads = await ReadReplicas.open(db.orm, { urls: [replica.url(db.name)], ...settings }, entities, {}, pino({ level: 'silent' }));
  await reads.start();
  return { reads, api: await startTestServer({ orm: db.orm, reads }) };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

const quantities = (body: any) => body.data.stock.edges.map((e: any) => e.node.quantity);
const inRotation = (reads: ReadReplicas) => reads.status()[0].inRotation;

/** GET /readyz: still ready with a replica out (the primary takes its reads), each replica by name, never its URL. */
async function readiness(api: Server): Promise<{ name: string; inRotation: boolean; lagMs: number | null }[]> {
  const response = await fetch(`${api.base}/readyz`);
  const text = await response.text();
  expect(response.status).toBe(200);
  for (const secret of ['postgres', '@', '127.0.0.1', 'localhost', db.name]) expect(text).not.toContain(secret);
  const body = JSON.parse(text);
  expect(body.status).toBe('ready');
  return body.replicas;
}

beforeAll(async () => {
  db = await openTestDatabase();
  trader = await registerTrader(db, 1);
  await record(db, trader.viewer, [inbound(trader.product)]);
  replica = await startStreamingReplica();
  await replica.caughtUp();
  patient = await serve({ maxLagMs: 600_000, checkMs: 50, waitMs: 150 });
  strict = await serve({ maxLagMs: 300, checkMs: 50, waitMs: 0 });
  fire = await mintToken(SECRET, { role: Role.PARTNER, subject: 'fire-1', department: 'FIRE_RESCUE', expiresInSeconds: 600 });
  enterprise = await mintToken(SECRET, { role: Role.ENTERPRISE, subject: 'system-1', enterprise: trader.code, expiresInSeconds: 600 });
  regulator = await mintToken(SECRET, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'regulator-1', expiresInSeconds: 600 });
}, 120_000);

afterAll(async () => {
  for (const side of [patient, strict]) {
    await side?.api.stop();
    await side?.reads.stop();
  }
  await replica?.destroy();
  await db?.close();
});

describe('read replicas', () => {
  it('answers partner queries, traces, EPCIS and dashboards from the replica; proofs, other reads and mutations from the primary', async () => {
    const partner = await patient.api.gql(STOCK, { c: trader.code }, fire);
    expect(partner.body.extensions.readFrom).toBe('replica:1');
    expect(quantities(partner.body)).toEqual(['10.000']);
    expect((await patient.api.gql(`{ supervisionOverview { asOf } }`, {}, regulator)).body.extensions.readFrom).toBe('replica:1');
    expect((await patient.api.gql(EVENTS, {}, enterprise)).body.extensions.readFrom).toBe('replica:1');
    const proofs = await patient.api.gql(`query C($c: CreditCode!) { verifyChain(creditCode: $c) { checked } }`, { c: trader.code }, regulator);
    expect(proofs.body.extensions.readFrom).toBe('primary');
    expect((await patient.api.gql(STOCK, { c: trader.code }, enterprise)).body.extensions.readFrom).toBe('primary');
    const epcis = await fetch(`${patient.api.base}/epcis/events`, { headers: { authorization: `Bearer ${fire}` } });
    expect(epcis.headers.get('x-read-from')).toBe('replica:1');
    // A read compiled into one statement (json-read.ts) would write its audit row from that statement: not on a replica.
    const compiled = await patient.api.gql(`{ enterprises(first: 5) { edges { node { creditCode } } } }`, {}, fire);
    expect(compiled.body.errors).toBeUndefined();
    expect(compiled.body.extensions.readFrom).toBe('replica:1');
    expect(compiled.body.data.enterprises.edges.map((e: any) => e.node.creditCode)).toContain(trader.code);
    // The partner's audit rows are written on the primary while their data comes from the replica.
    const [{ n }] = await db.orm.em.fork().getConnection().execute(`select count(*)::int as n from partner_audit_log where subject = 'fire-1'`);
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('lets the enterprise that just recorded a movement read it: the primary while the replica has not replayed it', async () => {
    await replica.pauseReplay();
    try {
      const before = (await patient.api.gql(EVENTS, {}, enterprise)).body.data.epcisEvents.edges.length;
      const written = await patient.api.gql(RECORD, { input: { requestId: 'ryw-1', entries: [inbound(trader.product, { quantity: '5' })] } }, enterprise);
      expect(written.body.errors).toBeUndefined();
      expect(written.body.extensions.readFrom).toBe('primary');
      expect(written.body.extensions.commitLsn).toMatch(WAL_POSITION);

      const own = await patient.api.gql(EVENTS, {}, enterprise);
      expect(own.body.extensions.readFrom).toBe('primary');
      expect(own.body.data.epcisEvents.edges).toHaveLength(before + 1);
      const exported = await fetch(`${patient.api.base}/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${enterprise}` },
        body: JSON.stringify({ format: 'csv', query: `{ stock { edges { node { quantity } } } }` }),
      });
      expect(exported.headers.get('x-read-from')).toBe('primary');
      expect(await exported.text()).toContain('15.000');

      // Another caller reads the replica, which has not replayed the movement yet ...
      const stale = await patient.api.gql(STOCK, { c: trader.code }, fire);
      expect(stale.body.extensions.readFrom).toBe('replica:1');
      expect(quantities(stale.body)).toEqual(['10.000']);
      // ... unless it names the write's position, as a client switching API processes does.
      const told = await patient.api.gql(STOCK, { c: trader.code }, fire, { 'x-read-after-lsn': written.body.extensions.commitLsn });
      expect([told.body.extensions.readFrom, quantities(told.body)]).toEqual(['primary', ['15.000']]);
    } finally {
      await replica.resumeReplay();
    }
    await replica.caughtUp();
    await until('the replica position is checked', async () => (await patient.api.gql(EVENTS, {}, enterprise)).body.extensions.readFrom === 'replica:1');
    expect(quantities((await patient.api.gql(STOCK, { c: trader.code }, fire)).body)).toEqual(['15.000']);
  });

  it('refuses a read-after position that is not one', async () => {
    const answer = await patient.api.gql(STOCK, { c: trader.code }, fire, { 'x-read-after-lsn': "0/0' or 1=1" });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: any) => [e.extensions.code, e.extensions.field])).toEqual([['BAD_USER_INPUT', 'X-Read-After-LSN']]);
  });

  it('takes a replica further behind than the limit out of rotation, reading the primary, and back once it catches up', async () => {
    await until('in rotation', () => inRotation(strict.reads));
    await replica.pauseReplay();
    try {
      await record(db, trader.viewer, [inbound(trader.product, { quantity: '1', batch: 'B2' })]);
      await until('out of rotation', () => !inRotation(strict.reads));
      const [behind] = await readiness(strict.api);
      expect(behind).toEqual({ name: 'replica:1', inRotation: false, lagMs: expect.any(Number) });
      expect(behind.lagMs).toBeGreaterThan(300);
      const answer = await strict.api.gql(STOCK, { c: trader.code }, fire);
      expect(answer.body.extensions.readFrom).toBe('primary');
      expect(quantities(answer.body).sort()).toEqual(['1.000', '15.000']);
    } finally {
      await replica.resumeReplay();
    }
    await until('back in rotation', () => inRotation(strict.reads));
    const [caughtUp] = await readiness(strict.api);
    expect(caughtUp).toEqual({ name: 'replica:1', inRotation: true, lagMs: expect.any(Number) });
    expect(caughtUp.lagMs).toBeLessThanOrEqual(300);
    const back = await strict.api.gql(STOCK, { c: trader.code }, fire);
    expect(back.body.extensions.readFrom).toBe('replica:1');
    expect(quantities(back.body).sort()).toEqual(['1.000', '15.000']);
  });

  it('reads the primary while the replica is down, and the replica again once it is restarted', async () => {
    await replica.kill();
    try {
      await until('out of rotation', () => !inRotation(strict.reads));
      expect(await readiness(strict.api)).toEqual([{ name: 'replica:1', inRotation: false, lagMs: null }]);
      const answer = await strict.api.gql(STOCK, { c: trader.code }, fire);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.extensions.readFrom).toBe('primary');
    } finally {
      await replica.start();
    }
    await until('back in rotation', () => inRotation(strict.reads));
    await until('answered by the replica', async () => {
      const again = await strict.api.gql(STOCK, { c: trader.code }, fire);
      return again.body.extensions?.readFrom === 'replica:1' && again.body.errors === undefined;
    });
  });
});
