import { Client } from 'pg';
import { GroupCommit } from '../../src/ledger/group-commit';
import { movementObservers } from '../../src/movement-observers';
import { openTestDatabase, TestDatabase } from '../support/database';
import { pendingAppend } from '../support/group-commit-calls';
import { inbound, ledgerClock, registerTrader, Trader } from '../support/ledger-fixtures';

/* A group's statements go to the pg driver as they are (issue 12): no knex query, no query builder, each named. */

let db: TestDatabase;
let traders: Trader[];

beforeAll(async () => {
  db = await openTestDatabase();
  traders = await Promise.all(Array.from({ length: 4 }, (_, i) => registerTrader(db, 90 + i)));
});
afterAll(async () => {
  await db.close();
});

/** What `work` sent: each statement's name (none for BEGIN and COMMIT) and text, at the pg driver; and what knex ran. */
async function sent<T>(work: () => Promise<T>): Promise<{ result: T; statements: { name?: string; text: string }[]; knexQueries: string[] }> {
  const statements: { name?: string; text: string }[] = [];
  const knexQueries: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { name?: string; text?: string };
    statements.push(typeof first === 'string' ? { text: first } : { name: first.name, text: first.text ?? '' });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  const onQuery = (query: { sql: string }) => knexQueries.push(query.sql);
  const knexClient = db.orm.em.getKnex().client;
  knexClient.on('query', onQuery);
  try {
    return { result: await work(), statements, knexQueries };
  } finally {
    Client.prototype.query = original;
    knexClient.off('query', onQuery);
  }
}

it('a group with the server’s observers: BEGIN, named statements and COMMIT on the driver, nothing through knex; the alerts are written', async () => {
  const commit = new GroupCommit(db.orm.em.fork(), movementObservers({ overCapacityTolerance: 0 }), { enabled: true, windowMs: 20, maxEntries: 64 });
  // Each chain's first append creates its head; the groups after it are the steady state.
  for (const t of traders) await commit.append(await pendingAppend(db.orm.em.fork(), t.code, `open-${t.code}`, [inbound(t.product, { batch: 'P1' })]), ledgerClock());
  const pending = await Promise.all(traders.map((t, i) => pendingAppend(db.orm.em.fork(), t.code, `plain-${i}`, [inbound(t.product, { batch: 'P1', quantity: '3' })])));
  const { result, statements, knexQueries } = await sent(() => Promise.all(pending.map((p) => commit.append(p, ledgerClock()))));
  expect(knexQueries).toEqual([]);
  expect(statements.map((s) => s.name ?? s.text)).toEqual(['BEGIN;', 'hz_append_lock', 'hz_append_write', expect.stringMatching(/^hz_observers_/), 'hz_alerts_raised', 'COMMIT;']);
  // The traders hold no licence: each entry raises its licence alerts, on the trader's own enterprise and chain.
  const entries = result.map((r) => r.entries[0]);
  const alerts: { entry_id: string; chain: string; entry_hash: string; entry_seq: number; status: string; severity: string; credit_code: string }[] = await db.orm.em
    .fork()
    .getConnection()
    .execute(
      `select a.entry_id::text, a.chain, a.entry_hash, a.entry_seq, a.status, a.severity, e.credit_code from alert a join enterprise e on e.id = a.enterprise_id
        where a.entry_id = any(array(select jsonb_array_elements_text(?::jsonb)::bigint)) order by a.id`,
      [JSON.stringify(entries.map((e) => e.id))],
    );
  expect(new Set(alerts.map((a) => a.entry_id))).toEqual(new Set(entries.map((e) => e.id)));
  for (const a of alerts) {
    const entry = entries.find((e) => e.id === a.entry_id)!;
    expect(a).toMatchObject({ chain: entry.chain, credit_code: entry.chain, entry_hash: entry.hash, entry_seq: entry.seq, status: 'OPEN', severity: 'NORMAL' });
  }
});

it('a retried call in a group is answered with the entries it recorded, read by the driver', async () => {
  const commit = new GroupCommit(db.orm.em.fork(), movementObservers({ overCapacityTolerance: 0 }), { enabled: true, windowMs: 20, maxEntries: 64 });
  const [a, b] = traders;
  const first = await commit.append(await pendingAppend(db.orm.em.fork(), a.code, 'retried', [inbound(a.product, { batch: 'R1', quantity: '2' }), inbound(a.product, { batch: 'R2' })]), ledgerClock());
  const again = await pendingAppend(db.orm.em.fork(), a.code, 'retried', [inbound(a.product, { batch: 'R1', quantity: '2' }), inbound(a.product, { batch: 'R2' })]);
  const neighbour = await pendingAppend(db.orm.em.fork(), b.code, 'beside-retry', [inbound(b.product, { batch: 'R1' })]);
  const { result, knexQueries } = await sent(() => Promise.all([commit.append(again, ledgerClock()), commit.append(neighbour, ledgerClock())]));
  expect(knexQueries).toEqual([]);
  expect(result[0]).toMatchObject({ replayed: true, requestId: 'retried' });
  expect(result[0].entries.map((e) => [e.id, e.seq, e.hash, e.quantity, e.batch])).toEqual(first.entries.map((e) => [e.id, e.seq, e.hash, e.quantity, e.batch]));
  expect(result[1]).toMatchObject({ replayed: false, entries: [{ chain: b.code, batch: 'R1' }] });
});
