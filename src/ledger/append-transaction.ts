import { EntityManager } from '@mikro-orm/postgresql';
import { CONFLICT_RETRY, isSerializationFailure, retryOnConflict } from '../db/conflict-retry';
import { inPlainTransaction, PlainConnection, withConnection } from '../db/plain-connection';
import { plainRows } from '../db/plain-rows';
import { drawShipmentCode } from '../proof/shipment-code';
import { Clock } from '../shared/clock';
import { appendCalls, AppendOutcome, PendingAppend } from './append-calls';
import { appendsCommitted } from './appends-committed';
import { drewShipmentCodeInUse } from './ledger-append';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerError } from './ledger.errors';
import { MovementObserver, observerLookups, observersNeedEntityManager } from './movement-observer';
import { closeShipments, ReceiptClosing } from './shipment-closing';

export interface RecordedMovements {
  requestId: string;
  /** True when the requestId was already recorded with this content: nothing was appended. */
  replayed: boolean;
  entries: LedgerEntry[];
}

/**
 * A 1,000-entry append seals and writes for seconds under load, longer than the serving pool's
 * statement timeout allows a read; it still may not hold its chain's lock without bound.
 */
const APPEND_STATEMENT_TIMEOUT_MS = 60_000;

export interface AppendOptions {
  drawCode?: () => string;
  /**
   * A group of small calls (group-commit.ts): the append's timeout is set by its first statement, which itself
   * runs under the serving pool's, one round trip saved. Only its wait for a head's lock could outlast that,
   * behind a large append of the same chain; the group then fails and its calls are appended one by one.
   */
  grouped?: boolean;
}

/**
 * Appends calls to distinct chains in one transaction, the observers told of the appended calls inside it;
 * returns each call's result, or the LedgerError refusing it (a refused call wrote nothing). Anything else
 * thrown rolls the whole transaction back. A call with `closing` (a receipt by scan) also closes its
 * shipment. A transaction PostgreSQL aborted for a serialization failure or deadlock wrote
 * nothing and the append has no effect outside the database, so it is run again (retryOnConflict), as is
 * one whose drawn shipment code met a code in use (with new draws); not when the caller's transaction is
 * already open, which only the caller can run again. A committed append wakes the log's integrator.
 *
 * The statements go to the pg driver as they are, on one pooled connection: BEGIN, the append's, the
 * observers' lookup and writes, COMMIT (issue 12: knex and MikroORM cost a group more CPU than the rest of
 * it). Only an observer that needs an EntityManager (afterAppend without writeFor), or a caller's open
 * transaction (a savepoint then), has the ORM open the transaction; the
 * statements still run as they are on its connection.
 */
export function appendInTransaction(
  em: EntityManager,
  calls: readonly PendingAppend[],
  clock: Clock,
  observers: readonly MovementObserver[],
  { drawCode = drawShipmentCode, grouped = false }: AppendOptions = {},
): Promise<(RecordedMovements | LedgerError)[]> {
  const work = async (connection: PlainConnection, txEm: EntityManager | null) => {
    if (!grouped) await connection.rows({ text: `SET LOCAL statement_timeout = ${APPEND_STATEMENT_TIMEOUT_MS}`, values: [] });
    const outcomes = await appendCalls(connection, calls, clock, APPEND_STATEMENT_TIMEOUT_MS, drawCode);
    const replays = await replayedEntries(em, connection, calls, outcomes);
    const results = outcomes.map((outcome, i): RecordedMovements | LedgerError => {
      const { requestId } = calls[i].submission;
      if (outcome.kind === 'refused') return outcome.error;
      if (outcome.kind === 'replayed') return { requestId, replayed: true, entries: replays.get(calls[i].chain) ?? [] };
      return { requestId, replayed: false, entries: outcome.entries };
    });
    // The observers hear of every appended call at once: a group costs them the statements of one call.
    const appended = outcomes.flatMap((o) => (o.kind === 'appended' ? o.appended : []));
    if (appended.length) {
      const receipts = outcomes.flatMap((o, i): ReceiptClosing[] => {
        const { closing, refs } = calls[i];
        return o.kind === 'appended' && closing ? [{ closing, receipt: o.appended[0], receiverId: refs.enterprise.id }] : [];
      });
      const closures = await closeShipments(connection, receipts, clock.now());
      // Every observer's lookup in one statement, after the write.
      const found = await observerLookups(connection, observers.map((o) => o.lookup?.(appended) ?? null));
      for (const [i, observer] of observers.entries()) {
        if (observer.writeFor) {
          const write = observer.writeFor(appended, found[i]);
          if (write) await connection.rows(write);
        } else await observer.afterAppend?.(txEm!, appended, found[i]);
        const closed = closures.length ? observer.writeForClosures?.(closures) : null;
        if (closed) await connection.rows(closed);
      }
    }
    return results;
  };
  const append = () =>
    observersNeedEntityManager(observers) || em.isInTransaction()
      ? em.transactional((tx) => withConnection(tx as EntityManager, (connection) => work(connection, tx as EntityManager)))
      : inPlainTransaction(em, (connection) => work(connection, null));
  if (em.isInTransaction()) return append();
  return retryOnConflict(append, CONFLICT_RETRY, undefined, (error) => isSerializationFailure(error) || drewShipmentCodeInUse(error)).then((results) => {
    if (results.some((r) => !(r instanceof LedgerError) && !r.replayed)) appendsCommitted.notify();
    return results;
  });
}

/** The entries each replayed call recorded before, by chain, read in one statement. */
async function replayedEntries(em: EntityManager, connection: PlainConnection, calls: readonly PendingAppend[], outcomes: readonly AppendOutcome[]): Promise<Map<string, LedgerEntry[]>> {
  const asked = outcomes.flatMap((o, i) => (o.kind === 'replayed' ? [{ c: calls[i].chain, f: o.firstSeq, n: o.entryCount }] : []));
  const byChain = new Map<string, LedgerEntry[]>();
  if (asked.length === 0) return byChain;
  const rows = await connection.rows({
    name: 'hz_append_replayed',
    text: `select e.* from json_to_recordset($1::json) as k(c text, f int, n int)
            cross join lateral (select * from ledger_entry x where x.chain = k.c and x.seq >= k.f and x.seq < k.f + k.n) e
            order by e.chain, e.seq`,
    values: [JSON.stringify(asked)],
  });
  for (const entry of plainRows(em, LedgerEntry, rows)) byChain.set(entry.chain, [...(byChain.get(entry.chain) ?? []), entry]);
  return byChain;
}
