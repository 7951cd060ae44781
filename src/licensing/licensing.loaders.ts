import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, childrenLoader } from '../graphql/loaders';
import { LicenceEvent } from './licence-event.entity';
import { LicenceScopeItem } from './licence-scope-item.entity';
import { Licence } from './licence.entity';

/** Licensing's per-request DataLoaders. */
export function licensingLoaders(em: EntityManager) {
  return {
    licence: byKeyLoader(em, Licence, 'id'),
    scopeOfLicence: childrenLoader(em, LicenceScopeItem, 'licence'),
    eventsOfLicence: childrenLoader(em, LicenceEvent, 'licence'),
  };
}

declare module '../graphql/context' {
  interface Loaders extends ReturnType<typeof licensingLoaders> {}
}
