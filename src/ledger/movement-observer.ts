import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { preparedQuery } from '../db/raw-query';

/** One entry just appended to a chain, as observers of the ledger see it. */
export interface AppendedMovement {
  /** The ledger entry's database id. */
  entryId: string;
  /** The enterprise's credit code (the chain id). */
  chain: string;
  seq: number;
  hash: string;
  direction: 'IN' | 'OUT';
  reason: string;
  warehouseCode: string;
  productCode: string;
  /** Catalogue serial of the product's chemical. */
  chemicalSerial: number;
  batch: string;
  /** Canonical decimal string, e.g. "125.500". */
  quantity: string;
  counterparty: string | null;
  /** On a receipt: the hash of the shipper's OUT entry. */
  sourceHash?: string | null;
  transportDoc?: string | null;
  occurredAt: Date;
}

/** A shipment closed by a receipt by scan (receiveShipment), with what was found missing. */
export interface ShipmentClosure {
  shipmentId: string;
  /** The sender's OUT entry. */
  out: { entryId: string; chain: string; seq: number; hash: string };
  /** The receiver's receipt entry that closed it. */
  receipt: AppendedMovement;
  /** Canonical decimals: what left, what arrived in all, what is missing (shipped − received − cancelled). */
  shipped: string;
  received: string;
  shortfall: string;
  /** The shortfall is more than the tolerance allows (RECEIPT_TOLERANCE, default 0.5 % of what was shipped). */
  beyondTolerance: boolean;
}

/**
 * What an observer reads about appended movements: a select of one row (its `?` bindings in order), handed back
 * to afterAppend as that row, its columns by name. The ledger runs every observer's in one statement
 * (observerLookups), after the entries are written, so that they see them.
 */
export interface ObserverLookup {
  sql: string;
  bindings: unknown[];
}

/**
 * Called by the ledger inside the appending transaction, after the entries are
 * written: what an observer writes commits or rolls back with them. The
 * licensing domain raises alerts here; an observer never refuses an entry.
 * afterAppend hears of one call's entries, or of a group's (group commit): the
 * calls of distinct chains, each chain's entries in order, with what its lookup
 * found (it runs its lookup itself when called without).
 */
export interface MovementObserver {
  lookup?(movements: readonly AppendedMovement[]): ObserverLookup;
  afterAppend?(em: EntityManager, movements: readonly AppendedMovement[], found?: unknown): Promise<void>;
  /** After afterAppend, when the append was a receipt by scan that closed a shipment. */
  afterShipmentClosed?(em: EntityManager, closure: ShipmentClosure): Promise<void>;
}

/** Statement names by text: a named statement's text is fixed, and a process's observers make one text. */
const names = new Map<string, string>();

/** The rows of several observers' lookups (null where an observer has none), in one round trip. */
export async function observerLookups(em: EntityManager, lookups: readonly (ObserverLookup | null)[]): Promise<unknown[]> {
  const present = lookups.flatMap((l, i) => (l ? [{ l, i }] : []));
  if (present.length === 0) return lookups.map(() => undefined);
  const sql = `select ${present.map(({ l }, j) => `(select row_to_json(x) from (${l.sql}) x) as o${j}`).join(', ')}`;
  let name = names.get(sql);
  if (!name) {
    name = `hz_observers_${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
    if (names.size < 100) names.set(sql, name);
  }
  const [row] = await preparedQuery<Record<string, unknown>>(em, name, sql, present.flatMap(({ l }) => l.bindings));
  const found: unknown[] = lookups.map(() => undefined);
  present.forEach(({ i }, j) => (found[i] = row[`o${j}`]));
  return found;
}
