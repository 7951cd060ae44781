import { EntityManager } from '@mikro-orm/postgresql';
import { appendInTransaction } from '../../src/ledger/append-transaction';
import { GroupCommit } from '../../src/ledger/group-commit';
import { LedgerError } from '../../src/ledger/ledger.errors';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { lookUpReferences } from '../../src/ledger/movement-references';
import { checkSubmission } from '../../src/ledger/movement-submission';
import { movementObservers } from '../../src/movement-observers';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode } from '../support/fixtures';
import { pendingAppend } from '../support/group-commit-calls';
import { inbound, LEDGER_NOW, ledgerClock, outbound, registerTrader, superuser, Trader } from '../support/ledger-fixtures';
import { countStatements } from '../support/statements';

/* The round trips of an append (issue 12): a group of calls costs the statements of one, and the statements read under the chains' locks. */

let db: TestDatabase;
let traders: Trader[];

beforeAll(async () => {
  db = await openTestDatabase();
  traders = await Promise.all(Array.from({ length: 8 }, (_, i) => registerTrader(db, 70 + i)));
});
afterAll(async () => {
  await db.close();
});

/** One group of single-entry calls, as the bench's clients send them, with the server's own observers. */
async function group(commit: GroupCommit, members: Trader[], tag: string, entry: (t: Trader) => MovementInput) {
  const pending = await Promise.all(members.map((t, i) => pendingAppend(db.orm.em.fork(), t.code, `${tag}-${i}`, [entry(t)])));
  return countStatements(() => Promise.all(pending.map((p) => commit.append(p, ledgerClock()))));
}

const shape = (sql: string[]) => sql.map((s) => (/^(BEGIN|COMMIT)/.test(s) ? s : /^with heads/.test(s) ? 'lock' : /^with ins/.test(s) ? 'write' : /row_to_json/.test(s) ? 'observers' : /^insert into "alert"/.test(s) ? 'alerts' : s));

/** Waits until `backends` of the test database wait for a lock. */
async function waitingForLocks(backends: number): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const [{ n }] = await db.orm.em.fork().getConnection().execute<{ n: number }[]>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (n >= backends) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`fewer than ${backends} backends wait for a lock`);
}

describe('the round trips of an append', () => {
  it('a group transaction: BEGIN, one statement locking and reading, the write, the observers’ lookups, their alerts, COMMIT, whatever its calls', async () => {
    const commit = new GroupCommit(db.orm.em.fork(), movementObservers({ overCapacityTolerance: 0 }), { enabled: true, windowMs: 20, maxEntries: 64 });
    // First appends create the chains' heads (an insert and the lock again); the next groups are the steady state.
    const first = await group(commit, traders.slice(0, 6), 'first', (t) => inbound(t.product, { batch: 'S1', quantity: '100' }));
    expect(shape(first.sql)).toEqual(['BEGIN;', 'lock', expect.stringMatching(/^insert into ledger_chain/), 'lock', 'write', 'observers', 'alerts', 'COMMIT;']);
    const steady = ['BEGIN;', 'lock', 'write', 'observers', 'alerts', 'COMMIT;'];
    // The traders hold no licence: each movement raises an alert, all in one insert.
    const six = await group(commit, traders.slice(0, 6), 'in', (t) => inbound(t.product, { batch: 'S1', quantity: '5' }));
    expect(shape(six.sql)).toEqual(steady);
    const one = await group(commit, traders.slice(0, 1), 'out', (t) => outbound(t.product, { batch: 'S1', quantity: '1' }));
    expect(shape(one.sql)).toEqual(steady);
    expect(six.result.map((r) => r.entries[0].seq)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('a call that waited for its chain’s lock while an append committed reads again: a retry is replayed, the stock moved is there', async () => {
    const [trader] = traders.slice(6);
    const opening = await pendingAppend(db.orm.em.fork(), trader.code, 'waited-0', [inbound(trader.product, { batch: 'V', quantity: '1' })]);
    await appendInTransaction(db.orm.em.fork(), [opening], ledgerClock(), []);
    const retried = await pendingAppend(db.orm.em.fork(), trader.code, 'waited-1', [inbound(trader.product, { batch: 'W', quantity: '10' })]);
    const taking = await pendingAppend(db.orm.em.fork(), trader.code, 'waited-2', [outbound(trader.product, { batch: 'W', quantity: '10' })]);
    const waiting = await db.orm.em.fork().transactional(async (tx) => {
      // This transaction holds the head while the calls start their first statement and wait for it, then appends.
      await tx.getConnection().execute('select 1 from ledger_chain where chain = ? for update', [trader.code], 'all', tx.getTransactionContext());
      const started = countStatements(() =>
        Promise.all([
          appendInTransaction(db.orm.em.fork(), [retried], ledgerClock(), [], { grouped: true }),
          appendInTransaction(db.orm.em.fork(), [taking], ledgerClock(), [], { grouped: true }),
        ]),
      );
      await waitingForLocks(2);
      const [own] = await appendInTransaction(tx as EntityManager, [retried], ledgerClock(), []);
      expect(own).toMatchObject({ replayed: false, entries: [{ seq: 2 }] });
      return { started };
    });
    const { result, sql } = await waiting.started;
    const [[replay], [taken]] = result;
    expect(replay).toMatchObject({ replayed: true, entries: [{ seq: 2, requestId: 'waited-1' }] });
    expect(taken).toMatchObject({ replayed: false, entries: [{ seq: 3, quantity: '10.000' }] });
    // Each waiting call's first statement, the transaction's own, and each waiting call's second.
    expect(shape(sql).filter((s) => s === 'lock')).toHaveLength(5);
  });

  // Traders of their own: codes found before are not asked again (reference-cache.test.ts).
  it('references asked in the same turn of the event loop are looked up by one statement, each call answered with its own', async () => {
    const submission = (product: string) => checkSubmission({ requestId: 'refs', entries: [inbound(product)] }, new Date(LEDGER_NOW), 300_000).movements;
    const stranger = creditCode(99);
    const fresh = await Promise.all(Array.from({ length: 4 }, (_, i) => registerTrader(db, 80 + i)));
    const { result, sql } = await countStatements(() =>
      Promise.all([...fresh.map((t) => lookUpReferences(db.orm.em.fork(), t.code, submission(t.product))), lookUpReferences(db.orm.em.fork(), stranger, submission(fresh[0].product)).catch((e: unknown) => e)]),
    );
    expect(sql.filter((s) => /json_to_recordset/.test(s))).toHaveLength(1);
    result.slice(0, 4).forEach((refs, i) => {
      expect(refs).not.toBeInstanceOf(Error);
      const { products, warehouses } = refs as Awaited<ReturnType<typeof lookUpReferences>>;
      expect(products.has(fresh[i].product)).toBe(true);
      expect(warehouses.has('W1')).toBe(true);
    });
    expect(result[4]).toBeInstanceOf(LedgerError);
    expect(result[4]).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('references asked in later turns while a lookup runs are looked up together by the next statement', async () => {
    const submission = (product: string) => checkSubmission({ requestId: 'refs', entries: [inbound(product)] }, new Date(LEDGER_NOW), 300_000).movements;
    const ask = (t: Trader) => lookUpReferences(db.orm.em.fork(), t.code, submission(t.product));
    const fresh = await Promise.all(Array.from({ length: 4 }, (_, i) => registerTrader(db, 84 + i)));
    const { result, sql } = await countStatements(() =>
      superuser(db, async (holder) => {
        // The first lookup waits on a lock, so the next three come, each in a turn of its own, while it runs.
        await holder.query('begin');
        await holder.query('lock table warehouse in access exclusive mode');
        const first = ask(fresh[0]);
        await waitingForLocks(1);
        const later: ReturnType<typeof ask>[] = [];
        for (const t of fresh.slice(1, 4)) {
          later.push(ask(t));
          await new Promise((resolve) => setImmediate(resolve));
        }
        await holder.query('commit');
        return Promise.all([first, ...later]);
      }),
    );
    expect(sql.filter((s) => /json_to_recordset/.test(s))).toHaveLength(2);
    result.forEach((refs, i) => expect(refs.products.has(fresh[i].product)).toBe(true));
  });
});
