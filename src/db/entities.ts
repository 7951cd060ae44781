import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { Warehouse } from '../registry/warehouse.entity';

/** Every entity of every domain: the ORM discovers exactly these. */
export const entities = [Enterprise, Chemical, Product, Warehouse];
