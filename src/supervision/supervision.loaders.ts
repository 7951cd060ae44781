import type { LoadersOf } from '../graphql/loaders';
import { majorHazardLoader } from './major-hazard-status';

/** Supervision's per-request DataLoaders, made on first use (graphql/loaders.ts lazyLoaders). */
export const supervisionLoaders = {
  majorHazardOfWarehouse: majorHazardLoader,
};

declare module '../graphql/context' {
  interface Loaders extends LoadersOf<typeof supervisionLoaders> {}
}
