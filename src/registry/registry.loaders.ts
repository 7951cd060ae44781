import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader, LoadersOf } from '../graphql/loaders';
import { Chemical } from './chemical.entity';
import { Enterprise } from './enterprise.entity';
import { Product } from './product.entity';
import { Warehouse } from './warehouse.entity';

/** The registry's per-request DataLoaders, made on first use (graphql/loaders.ts lazyLoaders). */
export const registryLoaders = {
  enterprise: (em: EntityManager) => byKeyLoader(em, Enterprise, 'id'),
  enterpriseByCode: (em: EntityManager) => byKeyLoader(em, Enterprise, 'creditCode'),
  chemical: (em: EntityManager) => byKeyLoader(em, Chemical, 'serial'),
  product: (em: EntityManager) => byKeyLoader(em, Product, 'id'),
  warehouse: (em: EntityManager) => byKeyLoader(em, Warehouse, 'id'),
};

declare module '../graphql/context' {
  interface Loaders extends LoadersOf<typeof registryLoaders> {}
}
