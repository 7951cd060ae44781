import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Product } from '../registry/product.entity';
import { LedgerEntry } from './ledger-entry.entity';

/** One input batch of a PRODUCTION entry, as rows for tracing (the entry's `inputs`, indexed). */
@Entity({ tableName: 'ledger_production_input' })
@Index({ properties: ['product', 'batch'] })
export class ProductionInput {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => LedgerEntry, { deleteRule: 'restrict', index: true })
  entry!: LedgerEntry;

  @ManyToOne(() => Product, { deleteRule: 'restrict' })
  product!: Product;

  @Property({ type: 'string', length: 64 })
  batch!: string;
}
