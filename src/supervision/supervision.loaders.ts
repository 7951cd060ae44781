import { EntityManager } from '@mikro-orm/postgresql';
import { majorHazardLoader } from './major-hazard-status';

/** Supervision's per-request DataLoaders. */
export function supervisionLoaders(em: EntityManager) {
  return {
    majorHazardOfWarehouse: majorHazardLoader(em),
  };
}

declare module '../graphql/context' {
  interface Loaders extends ReturnType<typeof supervisionLoaders> {}
}
