import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from '../config';
import { Clock } from '../shared/clock';
import type { connectionPages } from './loaders';

/**
 * What every resolver receives: one EntityManager fork and one set of DataLoaders per request.
 * Domains add their own members (the viewer, their loaders, the ledger's observers) by declaration
 * merging in their own files, so this layer imports no domain; src/context.ts builds the whole.
 */
export interface Context {
  em: EntityManager;
  clock: Clock;
  config: Config;
  logger: Logger;
  loaders: Loaders;
  requestId: string;
}

/** One set of per-request DataLoaders; each domain's `<domain>.loaders.ts` adds its own. */
export interface Loaders {
  /** Pages of connection fields under lists, batched across parents (graphql/loaders.ts). */
  pages: ReturnType<typeof connectionPages>;
}
