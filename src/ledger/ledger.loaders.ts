import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader } from '../graphql/loaders';
import { LedgerEntry } from './ledger-entry.entity';
import { MovementObserver } from './movement-observer';

/** The ledger's per-request DataLoaders. */
export function ledgerLoaders(em: EntityManager) {
  return {
    ledgerEntry: byKeyLoader(em, LedgerEntry, 'id'),
  };
}

declare module '../graphql/context' {
  interface Loaders extends ReturnType<typeof ledgerLoaders> {}
  interface Context {
    /** Passed to the ledger service: the licence checks of issue 4 live here. */
    movementObservers: readonly MovementObserver[];
  }
}
