import { EntityManager } from '@mikro-orm/postgresql';

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
 * Called by the ledger inside the appending transaction, after the entries are
 * written: what an observer writes commits or rolls back with them. The
 * licensing domain raises alerts here; an observer never refuses an entry.
 * afterAppend hears of one call's entries, or of a group's (group commit): the
 * calls of distinct chains, each chain's entries in order.
 */
export interface MovementObserver {
  afterAppend?(em: EntityManager, movements: readonly AppendedMovement[]): Promise<void>;
  /** After afterAppend, when the append was a receipt by scan that closed a shipment. */
  afterShipmentClosed?(em: EntityManager, closure: ShipmentClosure): Promise<void>;
}
