import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader } from '../graphql/loaders';
import { Licence } from './licence.entity';

/** Licensing's per-request DataLoaders. */
export function licensingLoaders(em: EntityManager) {
  return {
    licence: byKeyLoader(em, Licence, 'id'),
  };
}

declare module '../graphql/context' {
  interface Loaders extends ReturnType<typeof licensingLoaders> {}
}
