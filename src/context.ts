import { EntityManager } from '@mikro-orm/postgresql';
import { Config } from './config';
import type { Context, Loaders } from './graphql/context';
import { connectionPages, lazyLoaders } from './graphql/loaders';
import { inspectionLoaders } from './inspection/inspection.loaders';
import { groupCommitFor } from './ledger/group-commit';
import { ledgerLoaders } from './ledger/ledger.loaders';
import { MovementObserver } from './ledger/movement-observer';
import { licensingLoaders } from './licensing/licensing.loaders';
import { movementObservers } from './movement-observers';
import { registryLoaders } from './registry/registry.loaders';
import { supervisionLoaders } from './supervision/supervision.loaders';

/** Every domain's per-request DataLoaders, each made when a resolver first uses it. */
const RequestLoaders = lazyLoaders({ pages: () => connectionPages(), ...registryLoaders, ...inspectionLoaders, ...licensingLoaders, ...ledgerLoaders, ...supervisionLoaders });

export function createLoaders(em: EntityManager): Loaders {
  return new RequestLoaders(em);
}

/** The observers hold nothing of a request's: one list per configuration, not one per request. */
const observersOf = new WeakMap<Config, readonly MovementObserver[]>();

function observers(config: Config): readonly MovementObserver[] {
  let list = observersOf.get(config);
  if (!list) {
    list = movementObservers(config);
    observersOf.set(config, list);
  }
  return list;
}

/** One request's context: its fork, its viewer, every domain's loaders, the ledger's observers and group commit. */
export function createContext(base: Omit<Context, 'loaders' | 'movementObservers' | 'groupCommit'>): Context {
  const movementObservers = observers(base.config);
  const groupCommit = base.config.groupCommit.enabled ? groupCommitFor(base.em, movementObservers, base.config.groupCommit) : undefined;
  return { ...base, loaders: createLoaders(base.em), movementObservers, groupCommit };
}

/** Points a request's context at a replica's fork `em` (its loaders with it), keeping the primary's for writes. */
export function readFromReplica(context: Context, em: EntityManager): void {
  context.primaryEm = context.em;
  context.em = em;
  context.loaders = createLoaders(em);
}
