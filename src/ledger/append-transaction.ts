import { QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { CONFLICT_RETRY, isSerializationFailure, retryOnConflict } from '../db/conflict-retry';
import { drawShipmentCode } from '../proof/shipment-code';
import { rawQuery } from '../db/raw-query';
import { Clock } from '../shared/clock';
import { appendCalls, PendingAppend } from './append-calls';
import { appendsCommitted } from './appends-committed';
import { drewShipmentCodeInUse } from './ledger-append';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerError } from './ledger.errors';
import { MovementObserver, observerLookups } from './movement-observer';
import { closeShipment, ShipmentClosing } from './shipment-closing';

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
  /** A receipt by scan (one call): the receipt also closes its shipment. */
  closing?: ShipmentClosing;
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
 * thrown rolls the whole transaction back. With `closing` (one call, a receipt by scan), the receipt also
 * closes its shipment. A transaction PostgreSQL aborted for a serialization failure or deadlock wrote
 * nothing and the append has no effect outside the database, so it is run again (retryOnConflict), as is
 * one whose drawn shipment code met a code in use (with new draws); not when the caller's transaction is
 * already open, which only the caller can run again. A committed append wakes the log's integrator.
 */
export function appendInTransaction(
  em: EntityManager,
  calls: readonly PendingAppend[],
  clock: Clock,
  observers: readonly MovementObserver[],
  { closing, drawCode = drawShipmentCode, grouped = false }: AppendOptions = {},
): Promise<(RecordedMovements | LedgerError)[]> {
  const append = () => em.transactional(async (tx) => {
    const txEm = tx as EntityManager;
    if (!grouped) await rawQuery(txEm, `SET LOCAL statement_timeout = ${APPEND_STATEMENT_TIMEOUT_MS}`);
    const outcomes = await appendCalls(txEm, calls, clock, APPEND_STATEMENT_TIMEOUT_MS, drawCode);
    const results: (RecordedMovements | LedgerError)[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const { chain, submission } = calls[i];
      if (outcome.kind === 'refused') {
        results.push(outcome.error);
      } else if (outcome.kind === 'replayed') {
        const entries = await txEm.find(LedgerEntry, { chain, seq: { $gte: outcome.firstSeq, $lt: outcome.firstSeq + outcome.entryCount } }, { orderBy: { seq: QueryOrder.ASC } });
        results.push({ requestId: submission.requestId, replayed: true, entries });
      } else {
        results.push({ requestId: submission.requestId, replayed: false, entries: outcome.entries });
      }
    }
    // The observers hear of every appended call at once: a group costs them the statements of one call.
    const appended = outcomes.flatMap((o) => (o.kind === 'appended' ? o.appended : []));
    if (appended.length) {
      const closure = closing ? await closeShipment(txEm, closing, appended[0], clock.now()) : null;
      // Every observer's lookup in one statement, after the write.
      const found = await observerLookups(txEm, observers.map((o) => o.lookup?.(appended) ?? null));
      for (const [i, observer] of observers.entries()) await observer.afterAppend?.(txEm, appended, found[i]);
      if (closure) for (const observer of observers) await observer.afterShipmentClosed?.(txEm, closure);
    }
    return results;
  });
  if (em.isInTransaction()) return append();
  return retryOnConflict(append, CONFLICT_RETRY, undefined, (error) => isSerializationFailure(error) || drewShipmentCodeInUse(error)).then((results) => {
    if (results.some((r) => !(r instanceof LedgerError) && !r.replayed)) appendsCommitted.notify();
    return results;
  });
}
