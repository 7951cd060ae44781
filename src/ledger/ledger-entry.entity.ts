import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { Unit } from '../registry/registry.enums';
import { Warehouse } from '../registry/warehouse.entity';
import { Direction, MovementReason } from './ledger.enums';

@ObjectType({ description: 'A batch named by its product traceability code and batch number' })
export class BatchRef {
  @Field({ description: 'The product traceability code' })
  product!: string;

  @Field()
  batch!: string;
}

/**
 * One entry of an enterprise's hash chain (docs/ledger.md). Every spec field is
 * a column of its own; `canonical` and `hash` are what was sealed. The table
 * refuses UPDATE, DELETE and TRUNCATE (migration append_only).
 *
 * Its references carry no foreign-key constraint: a constraint checks each
 * inserted row with a query of its own and locks the registry row it names,
 * which cost about half of inserting an entry (docs/performance.md). They hold:
 * the append resolves every id from a row that exists, and neither registry
 * rows (migration registry_kept) nor entries are ever deleted.
 */
@ObjectType({ description: 'A stock movement: one entry of an enterprise’s hash chain (docs/ledger.md)' })
@Entity({ tableName: 'ledger_entry' })
@Unique({ properties: ['chain', 'seq'] })
@Index({ properties: ['product', 'batch'] })
@Index({ properties: ['enterprise', 'occurredAt'] })
export class LedgerEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => Int, { description: 'Format version of the canonical object (`v`)' })
  @Property({ type: 'smallint', default: 1 })
  version: number = 1;

  @Field({ description: "The chain: the enterprise's credit code" })
  @Property({ type: 'string', length: 18 })
  chain!: string;

  @ManyToOne(() => Enterprise, { createForeignKeyConstraint: false })
  enterprise!: Enterprise;

  @Field(() => Int)
  @Property({ type: 'integer' })
  seq!: number;

  @Field()
  @Property({ type: 'character', length: 64 })
  prevHash!: string;

  @Field({ description: 'Lowercase hex SHA-256 of the UTF-8 bytes of canonical' })
  @Property({ type: 'character', length: 64 })
  @Unique()
  hash!: string;

  /** Exposed by a guarded field resolver: it holds every field. */
  @Property({ type: 'text' })
  canonical!: string;

  @Field(() => Direction)
  @Enum({ items: () => Direction, nativeEnumName: 'ledger_direction' })
  direction!: Direction;

  @Field(() => MovementReason)
  @Enum({ items: () => MovementReason, nativeEnumName: 'ledger_reason' })
  reason!: MovementReason;

  @ManyToOne(() => Warehouse, { createForeignKeyConstraint: false })
  warehouse!: Warehouse;

  @Field({ description: 'The warehouse code (`warehouse` in canonical)' })
  @Property({ type: 'string', length: 64 })
  warehouseCode!: string;

  @ManyToOne(() => Product, { createForeignKeyConstraint: false })
  product!: Product;

  @Field({ description: 'The product traceability code (`product` in canonical)' })
  @Property({ type: 'string', length: 25 })
  productCode!: string;

  @Field()
  @Property({ type: 'string', length: 64 })
  batch!: string;

  @Field({ description: 'Decimal string with 3 fractional digits' })
  @Property({ type: 'decimal', precision: 18, scale: 3 })
  quantity!: string;

  @Field(() => Unit)
  @Enum({ items: () => Unit, nativeEnumName: 'unit' })
  unit!: Unit;

  /** `counterparty` in canonical; the GraphQL field is guarded by mandate. */
  @Property({ type: 'string', length: 18, nullable: true })
  counterpartyCode?: string | null;

  @ManyToOne(() => Enterprise, { nullable: true, createForeignKeyConstraint: false })
  counterparty?: Enterprise | null;

  @Field(() => String, { nullable: true, description: "On a receipt: the hash of the shipper's OUT entry" })
  @Property({ type: 'character', length: 64, nullable: true })
  sourceHash?: string | null;

  @ManyToOne(() => LedgerEntry, { nullable: true, createForeignKeyConstraint: false, index: true })
  sourceEntry?: LedgerEntry | null;

  @Field(() => [BatchRef], { nullable: true, description: 'On PRODUCTION: the batches consumed, sorted by product then batch' })
  @Property({ type: 'json', nullable: true })
  inputs?: BatchRef[] | null;

  @Field(() => String, { nullable: true, description: 'On CORRECTION: the hash of the entry it corrects' })
  @Property({ type: 'character', length: 64, nullable: true })
  corrects?: string | null;

  @ManyToOne(() => LedgerEntry, { nullable: true, createForeignKeyConstraint: false, index: true })
  correctsEntry?: LedgerEntry | null;

  /** The waybill number; the GraphQL field is guarded by mandate. */
  @Property({ type: 'string', length: 64, nullable: true })
  transportDoc?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field()
  @Property({ type: 'datetime' })
  recordedAt!: Date;

  @Field()
  @Property({ type: 'string', length: 64 })
  requestId!: string;
}
