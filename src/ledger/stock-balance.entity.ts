import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { Warehouse } from '../registry/warehouse.entity';

/** Stock of one batch in one warehouse, kept in the same transaction as the entries that move it. */
@ObjectType({ description: 'Stock of one batch of one product in one warehouse' })
@Entity({ tableName: 'ledger_balance' })
@Unique({ properties: ['warehouse', 'product', 'batch'] })
@Index({ properties: ['product', 'batch'] })
// An enterprise's balances in key order: a page of its stock (first + 1 rows) walks the index instead of sorting them all.
@Index({ properties: ['enterprise', 'id'] })
@Check({ name: 'ledger_balance_quantity_check', expression: 'quantity >= 0' })
export class StockBalance {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @ManyToOne(() => Warehouse, { deleteRule: 'restrict' })
  warehouse!: Warehouse;

  @ManyToOne(() => Product, { deleteRule: 'restrict' })
  product!: Product;

  @Field()
  @Property({ type: 'string', length: 64 })
  batch!: string;

  @Field({ description: 'Decimal string with 3 fractional digits, in the product’s unit' })
  @Property({ type: 'decimal', precision: 24, scale: 3 })
  quantity!: string;

  @Field({ description: 'When an entry last moved it' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
