/**
 * A partner's subscription events are audited in batches (src/server/audited-event-stream.ts): one
 * INSERT for the events a feed has ready, each row naming its event's position, written before the
 * events are sent. Over a real WebSocket (graphql-ws client) on real PostgreSQL: the rows are exactly
 * the events delivered; while the rows cannot be written nothing is delivered; a failed write ends
 * the feed with AUDIT_UNAVAILABLE and a resume from the last position received misses nothing; a
 * closed subscriber is audited no further.
 */
import { Client } from 'graphql-ws';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { generateSigner } from '../../src/proof/signed-note';
import { systemClock } from '../../src/shared/clock';
import { AUDIT_BATCH_MAX } from '../../src/server/audited-event-stream';
import { openTestDatabase, TestDatabase } from '../support/database';
import { feedClients } from '../support/feed-client';
import { SECRET, startTestServer } from '../support/http';
import { inbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let http: Awaited<ReturnType<typeof startTestServer>>;
let feeds: ReturnType<typeof feedClients>;
let toxic: Trader; // chlorine: public security's mandate
let plain: Trader; // a chemical outside it

const FEED = `subscription Feed($after: String) { ledgerEntries(after: $after) { position entry { chain seq } } }`;
const police = (subject: string) => mintToken(SECRET, { role: Role.PARTNER, subject, department: 'PUBLIC_SECURITY', expiresInSeconds: 600 });
const integrate = () => new LogIntegrator(db.orm.em.fork(), generateSigner('test.example/ledger'), systemClock).integrate();
const sql = <T = Record<string, unknown>>(text: string, bindings: unknown[] = []): Promise<T[]> => db.orm.em.fork().getConnection().execute(text, bindings);
/** Each row's event position, and how many INSERTs wrote them (rows of one statement share its xmin). */
async function audited(subject: string): Promise<{ positions: string[]; inserts: number }> {
  const rows = await sql<{ event_position: string; xmin: string; operation_type: string; outcome: string }>(
    `select event_position, xmin::text, operation_type, outcome from partner_audit_log where subject = ? order by event_position::bigint`,
    [subject],
  );
  expect(rows.every((r) => r.operation_type === 'subscription' && r.outcome === 'OK')).toBe(true);
  return { positions: rows.map((r) => r.event_position), inserts: new Set(rows.map((r) => r.xmin)).size };
}
/** The positions a partner may read, in order (its mandate: the toxic chain). */
async function toxicPositions(): Promise<string[]> {
  const rows = await sql<{ position: string }>(`select l.log_index::text as position from log_leaf l join ledger_entry e on e.id = l.entry_id join enterprise ent on ent.id = e.enterprise_id where ent.credit_code = ? order by l.log_index`,
    [toxic.code],);
  return rows.map((r) => r.position);
}
async function append(n: number, batch: string): Promise<void> {
  await record(db, toxic.viewer, Array.from({ length: n }, () => inbound(toxic.product, { batch, quantity: '1' })));
  await record(db, plain.viewer, [inbound(plain.product, { batch, quantity: '1' })]);
  await integrate();
}
/** Follows the feed, keeping every position received; `result` settles when it completes or fails. */
function follow(client: Client, variables: Record<string, unknown> = {}) {
  const positions: string[] = [];
  const errors: unknown[] = [];
  let stop = () => {};
  const result = new Promise<'complete' | 'error'>((resolve) => {
    stop = client.subscribe({ query: FEED, variables }, {
      next: (r) => {
        if (r.errors) errors.push(...r.errors.map((e) => e.extensions?.code));
        else positions.push((r.data as { ledgerEntries: { position: string } }).ledgerEntries.position);
      },
      error: (e) => {
        errors.push(e);
        resolve('error');
      },
      complete: () => resolve('complete'),
    });
  });
  return { positions, errors, result, stop: () => stop() };
}
async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  db = await openTestDatabase();
  http = await startTestServer(db);
  feeds = feedClients(http.base);
  toxic = await registerTrader(db, 61, 1381);
  plain = await registerTrader(db, 62, 2828);
  await append(2 * AUDIT_BATCH_MAX + 50, 'A');
});
afterAll(async () => {
  await feeds.dispose();
  await http.stop();
  await db.close();
});

describe("a partner's subscription audit", () => {
  it('writes one row per event delivered, naming it, in multi-row INSERTs, for the backlog and live events', async () => {
    const feed = follow(feeds.connect(await police('ps-count')));
    await until(() => feed.positions.length === 2 * AUDIT_BATCH_MAX + 50);
    await append(7, 'B');
    const expected = await toxicPositions();
    await until(() => feed.positions.length === expected.length);
    feed.stop();
    expect(feed.positions).toEqual(expected);
    const rows = await audited('ps-count');
    expect(rows.positions).toEqual(expected); // none missing, none extra, none twice
    // 257 events: the backlog in batches of at most AUDIT_BATCH_MAX, far fewer statements than events.
    expect(rows.inserts).toBeGreaterThanOrEqual(3);
    expect(rows.inserts).toBeLessThan(expected.length / 10);
  });

  it('delivers nothing while the rows cannot be written, then every waiting event with its row', async () => {
    const feed = follow(feeds.connect(await police('ps-slow')));
    const backlog = await toxicPositions();
    await until(() => feed.positions.length === backlog.length);
    // Another session holds a lock that keeps INSERTs out of the partner trail, while entries arrive.
    const blocker = db.orm.em.fork();
    await blocker.begin();
    await blocker.getConnection().execute('lock table partner_audit_log in share row exclusive mode', [], 'all', blocker.getTransactionContext());
    try {
      await append(30, 'C');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(feed.positions.length).toBe(backlog.length);
    } finally {
      await blocker.rollback();
    }
    const expected = await toxicPositions();
    await until(() => feed.positions.length === expected.length);
    feed.stop();
    expect(feed.positions).toEqual(expected);
    expect((await audited('ps-slow')).positions).toEqual(expected);
  });

  it('ends the feed with AUDIT_UNAVAILABLE when the rows cannot be written, never sending an unaudited event; a resume misses nothing', async () => {
    const before = await toxicPositions();
    const tip = before[before.length - 1];
    // The trail refuses this subscriber's rows for events after the backlog.
    await sql(`alter table partner_audit_log add constraint test_refuse_events check (subject <> 'ps-fail' or event_position::bigint <= ${Number(tip)}) not valid`);
    try {
      const client = feeds.connect(await police('ps-fail'));
      const feed = follow(client);
      await until(() => feed.positions.length === before.length);
      await append(5, 'D');
      expect(await feed.result).toBe('complete');
      expect(feed.errors).toEqual(['AUDIT_UNAVAILABLE']);
      expect(feed.positions).toEqual(before);
      expect((await audited('ps-fail')).positions).toEqual(before);
    } finally {
      await sql(`alter table partner_audit_log drop constraint test_refuse_events`);
    }
    const expected = await toxicPositions();
    const resumed = follow(feeds.connect(await police('ps-fail')), { after: tip });
    await until(() => resumed.positions.length === expected.length - before.length);
    resumed.stop();
    expect([...before, ...resumed.positions]).toEqual(expected);
    expect((await audited('ps-fail')).positions).toEqual(expected);
  });

  it('audits nothing more once a subscriber has closed its connection', async () => {
    const client = feeds.connect(await police('ps-closed'));
    const feed = follow(client);
    const backlog = await toxicPositions();
    await until(() => feed.positions.length === backlog.length);
    await client.dispose();
    await append(12, 'E');
    // Another subscriber receiving the new entries shows they were fanned out while the closed one was not audited.
    const witness = follow(feeds.connect(await police('ps-witness')));
    const all = await toxicPositions();
    await until(() => witness.positions.length === all.length);
    witness.stop();
    await new Promise((r) => setTimeout(r, 500));
    expect(feed.positions).toEqual(backlog);
    expect((await audited('ps-closed')).positions).toEqual(backlog);
  });
});
