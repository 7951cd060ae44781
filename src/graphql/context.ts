import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
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
}

export function createContext(base: Omit<Context, 'loaders'>): Context {
  return { ...base, loaders: createLoaders(base.em) };
}
