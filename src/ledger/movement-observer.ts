import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { PlainConnection, PlainStatement } from '../db/plain-connection';

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
  /** The sender's OUT entry, and the sender's enterprise id. */
  out: { entryId: string; enterpriseId: string; chain: string; seq: number; hash: string };
  /** The receiver's receipt entry that closed it. */
  receipt: AppendedMovement;
  /** The receiver's enterprise id. */
  receiverId: string;
  /** Canonical decimals: what left, what arrived in all, what is missing (shipped − received − cancelled). */
  shipped: string;
  received: string;
  shortfall: string;
  /** The shortfall is more than the tolerance allows (RECEIPT_TOLERANCE, default 0.5 % of what was shipped). */
  beyondTolerance: boolean;
}

/**
 * What an observer reads about appended movements: a select of one row, its values for its own `$1`, `$2`, …,
 * handed back to the observer as that row, its columns by name. The ledger runs every observer's in one statement
 * (observerLookups), after the entries are written, so that they see them.
 */
export interface ObserverLookup {
  text: string;
  values: unknown[];
}

/**
 * Called by the ledger inside the appending transaction, after the entries are
 * written: what an observer writes commits or rolls back with them. The
 * licensing domain raises alerts here; an observer never refuses an entry.
 * The ledger tells an observer of one call's entries, or of a group's (group
 * commit): the calls of distinct chains, each chain's entries in order, with
 * what its lookup found. An observer that says what it writes as a statement
 * (writeFor) is not called with an EntityManager: the ledger sends that
 * statement on its own connection, as it does its own (issue 12). afterAppend
 * is for an observer that needs the transaction's EntityManager; it runs its
 * lookup itself when called without what it found.
 */
export interface MovementObserver {
  lookup?(movements: readonly AppendedMovement[]): ObserverLookup;
  /** What to write about these movements given what the lookup found, or null; the ledger runs it in its transaction. */
  writeFor?(movements: readonly AppendedMovement[], found: unknown): PlainStatement | null;
  afterAppend?(em: EntityManager, movements: readonly AppendedMovement[], found?: unknown): Promise<void>;
  /** What to write about the shipments that receipts by scan among the appended calls closed, or null; run after the movements' writes. */
  writeForClosures?(closures: readonly ShipmentClosure[]): PlainStatement | null;
}

/** Whether the ledger must hand these observers an EntityManager in its transaction (else it runs them on its connection). */
export function observersNeedEntityManager(observers: readonly MovementObserver[]): boolean {
  return observers.some((o) => o.afterAppend && !o.writeFor);
}

/** The combined statement by the observers' lookup texts: named, its placeholders numbered once (a process's observers make one text). */
const combined = new Map<string, { name: string; text: string }>();

/** The rows of several observers' lookups (null where an observer has none), in one round trip. */
export async function observerLookups(connection: PlainConnection, lookups: readonly (ObserverLookup | null)[]): Promise<unknown[]> {
  const present = lookups.flatMap((l, i) => (l ? [{ l, i }] : []));
  if (present.length === 0) return lookups.map(() => undefined);
  const key = present.map(({ l }) => l.text).join('\u0000');
  let statement = combined.get(key);
  if (!statement) {
    let offset = 0;
    const parts = present.map(({ l }, j) => {
      const text = l.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      offset += l.values.length;
      return `(select row_to_json(x) from (${text}) x) as o${j}`;
    });
    const text = `select ${parts.join(', ')}`;
    statement = { name: `hz_observers_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, text };
    if (combined.size < 100) combined.set(key, statement);
  }
  const [row] = await connection.rows<Record<string, unknown>>({ ...statement, values: present.flatMap(({ l }) => l.values) });
  const found: unknown[] = lookups.map(() => undefined);
  present.forEach(({ i }, j) => (found[i] = row[`o${j}`]));
  return found;
}
