import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { byKeyLoader, LoadersOf } from '../graphql/loaders';
import { LedgerEntry } from './ledger-entry.entity';
import { GroupCommit } from './group-commit';
import { MovementObserver } from './movement-observer';

/** The ledger's per-request DataLoaders, made on first use (graphql/loaders.ts lazyLoaders). */
export const ledgerLoaders = {
  ledgerEntry: (em: EntityManager) => byKeyLoader(em, LedgerEntry, 'id'),
  /** An entry's leaf index in the transparency log by its id, null until the integrator reaches it: one query for a page. */
  logIndex: (em: EntityManager) => new DataLoader<string, number | null>(async (ids) => {
    const rows = await rawQuery<{ entry_id: string; log_index: string }>(em, 'select entry_id, log_index from log_leaf where entry_id = any(?::bigint[])', [[...ids]]);
    const found = new Map(rows.map((r) => [String(r.entry_id), Number(r.log_index)]));
    return ids.map((id) => found.get(String(id)) ?? null);
  }),
};

declare module '../graphql/context' {
  interface Loaders extends LoadersOf<typeof ledgerLoaders> {}
  interface Context {
    /** Passed to the ledger service: the licence checks of issue 4 live here. */
    movementObservers: readonly MovementObserver[];
    /** The process's group commit of single submissions, unless GROUP_COMMIT=false. */
    groupCommit?: GroupCommit;
  }
}
