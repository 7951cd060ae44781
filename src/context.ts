import { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Loaders } from './graphql/context';
import { connectionPages } from './graphql/loaders';
import { inspectionLoaders } from './inspection/inspection.loaders';
import { ledgerLoaders } from './ledger/ledger.loaders';
import { licensingLoaders } from './licensing/licensing.loaders';
import { movementObservers } from './movement-observers';
import { registryLoaders } from './registry/registry.loaders';
import { supervisionLoaders } from './supervision/supervision.loaders';

/** Every domain's per-request DataLoaders. */
export function createLoaders(em: EntityManager): Loaders {
  return { pages: connectionPages(), ...registryLoaders(em), ...inspectionLoaders(em), ...licensingLoaders(em), ...ledgerLoaders(em), ...supervisionLoaders(em) };
}

/** One request's context: its fork, its viewer, every domain's loaders and the ledger's observers. */
export function createContext(base: Omit<Context, 'loaders' | 'movementObservers'>): Context {
  return { ...base, loaders: createLoaders(base.em), movementObservers };
}
