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
  occurredAt: Date;
}

/**
 * Called by the ledger inside the appending transaction, after the entries are
 * written: what an observer writes commits or rolls back with them. The
 * licensing domain raises alerts here; an observer never refuses an entry.
 */
export interface MovementObserver {
  afterAppend(em: EntityManager, movements: readonly AppendedMovement[]): Promise<void>;
}
