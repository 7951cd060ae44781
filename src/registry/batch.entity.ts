import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { CreditCodeScalar, DecimalScalar } from '../graphql/scalars';
import { Enterprise } from './enterprise.entity';
import { Product } from './product.entity';

/**
 * A batch (lot) of a product with its batch code (docs/trace-code.md): made
 * when the batch first enters the ledger at its origin (PRODUCTION, IMPORT, a
 * PURCHASE from outside the system) or ahead of that by registerBatch. The
 * code follows from the product and the batch number, and rows are never
 * deleted (migration batches), so a code is never given to another batch.
 */
@ObjectType({ description: 'A batch of a product and its batch code, printed on every package as a QR code' })
@Entity({ tableName: 'batch' })
@Unique({ properties: ['product', 'batchNumber'] })
@Index({ properties: ['productCode', 'batchNumber'] })
export class Batch {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: 'Trace code, batch number and check character' })
  @Property({ type: 'string', length: 46 })
  @Unique()
  code!: string;

  @ManyToOne(() => Product, { deleteRule: 'restrict' })
  product!: Product;

  @Field({ description: 'The product traceability code' })
  @Property({ type: 'string', length: 25 })
  productCode!: string;

  @Field({ description: "The batch (lot) number: the ledger entries' `batch`" })
  @Property({ type: 'string', length: 20 })
  batchNumber!: string;

  /** The enterprise where the batch entered the ledger: its producer or importer. */
  @ManyToOne(() => Enterprise, { deleteRule: 'restrict', index: true })
  origin!: Enterprise;

  @Field(() => CreditCodeScalar, { description: 'Credit code of the producer or importer' })
  @Property({ type: 'string', length: 18 })
  originCode!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  productionDate?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day of use' })
  @Property({ type: 'date', nullable: true })
  expiryDate?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day by which it must be retested before further use or sale' })
  @Property({ type: 'date', nullable: true })
  retestDate?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Planned quantity, in the product's unit" })
  @Property({ type: 'decimal', precision: 18, scale: 3, nullable: true })
  plannedQuantity?: string | null;

  @Field(() => String, { nullable: true, description: 'Hash of the ledger entry through which it entered; null while registered ahead' })
  @Property({ type: 'character', length: 64, nullable: true })
  firstEntryHash?: string | null;

  @Field()
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  registeredAt!: Date;
}
