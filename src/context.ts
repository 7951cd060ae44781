import { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Loaders } from './graphql/context';
import { connectionPages } from './graphql/loaders';
import { inspectionLoaders } from './inspection/inspection.loaders';
import { groupCommitFor } from './ledger/group-commit';
import { ledgerLoaders } from './ledger/ledger.loaders';
import { licensingLoaders } from './licensing/licensing.loaders';
import { movementObservers } from './movement-observers';
import { registryLoaders } from './registry/registry.loaders';
import { supervisionLoaders } from './supervision/supervision.loaders';

/** Every domain's per-request DataLoaders. */
export function createLoaders(em: EntityManager): Loaders {
  return { pages: connectionPages(), ...registryLoaders(em), ...inspectionLoaders(em), ...licensingLoaders(em), ...ledgerLoaders(em), ...supervisionLoaders(em) };
}

/** One request's context: its fork, its viewer, every domain's loaders, the ledger's observers and group commit. */
export function createContext(base: Omit<Context, 'loaders' | 'movementObservers' | 'groupCommit'>): Context {
  const observers = movementObservers(base.config);
  const groupCommit = base.config.groupCommit.enabled ? groupCommitFor(base.em, observers, base.config.groupCommit) : undefined;
  return { ...base, loaders: createLoaders(base.em), movementObservers: observers, groupCommit };
}

/** Points a request's context at a replica's fork `em` (its loaders with it), keeping the primary's for writes. */
export function readFromReplica(context: Context, em: EntityManager): void {
  context.primaryEm = context.em;
  context.em = em;
  context.loaders = createLoaders(em);
}
