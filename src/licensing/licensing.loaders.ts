import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, LoadersOf } from '../graphql/loaders';
import { Licence } from './licence.entity';

/** Licensing's per-request DataLoaders, made on first use (graphql/loaders.ts lazyLoaders). */
export const licensingLoaders = {
  licence: (em: EntityManager) => byKeyLoader(em, Licence, 'id'),
};

declare module '../graphql/context' {
  interface Loaders extends LoadersOf<typeof licensingLoaders> {}
}
