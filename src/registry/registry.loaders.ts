import { EntityManager } from '@mikro-orm/postgresql';
import { byKeyLoader } from '../graphql/loaders';
import { Chemical } from './chemical.entity';
import { Enterprise } from './enterprise.entity';
import { Product } from './product.entity';
import { Warehouse } from './warehouse.entity';

/** The registry's per-request DataLoaders. */
export function registryLoaders(em: EntityManager) {
  return {
    enterprise: byKeyLoader(em, Enterprise, 'id'),
    enterpriseByCode: byKeyLoader(em, Enterprise, 'creditCode'),
    chemical: byKeyLoader(em, Chemical, 'serial'),
    product: byKeyLoader(em, Product, 'id'),
    warehouse: byKeyLoader(em, Warehouse, 'id'),
  };
}

declare module '../graphql/context' {
  interface Loaders extends ReturnType<typeof registryLoaders> {}
}
