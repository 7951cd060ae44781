import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
import { MovementObserver } from '../ledger/movement-observer';
import { movementObservers } from '../movement-observers';
import { Clock } from '../shared/clock';
import { createLoaders, Loaders } from './loaders';

/** What every resolver receives: one EntityManager fork and one set of DataLoaders per request. */
export interface Context {
  em: EntityManager;
  viewer: Viewer;
  clock: Clock;
  config: Config;
  logger: Logger;
  loaders: Loaders;
  requestId: string;
  /** Passed to the ledger service: the licence checks of issue 4 live here. */
  movementObservers: readonly MovementObserver[];
}

export function createContext(base: Omit<Context, 'loaders' | 'movementObservers'>): Context {
  return { ...base, loaders: createLoaders(base.em), movementObservers };
}
