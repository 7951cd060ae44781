import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
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
 * The columns agree with canonical: they are well formed, and canonical is the
 * text canonicalText writes for them (src/proof/canonical-entry.ts), strings
 * escaped by to_json as JSON.stringify escapes them. ledger_inputs_canonical()
 * is made by migration canonical_agrees. Written as PostgreSQL writes it back
 * (`= any (array[…])`, casts spelt out), so that the schema diff sees no change.
 */
const CANONICAL_AGREES = `(
  quantity >= 0 and quantity < 'NaN'::numeric and scale(quantity) = 3
  and case direction
        when 'IN' then reason = any (array['PRODUCTION', 'PURCHASE', 'TRANSFER_IN', 'RETURN_IN', 'IMPORT', 'CORRECTION']::ledger_reason[])
        when 'OUT' then reason = any (array['SALE', 'TRANSFER_OUT', 'CONSUMPTION', 'DISPOSAL', 'RETURN_OUT', 'EXPORT', 'CORRECTION']::ledger_reason[])
        else false end
  and length(prev_hash::text) = 64 and prev_hash::text !~ '[^0-9a-f]'
  and (source_hash is null or (length(source_hash::text) = 64 and source_hash::text !~ '[^0-9a-f]'))
  and (corrects is null or (length(corrects::text) = 64 and corrects::text !~ '[^0-9a-f]'))
  and occurred_at >= '1970-01-01 00:00:00+00'::timestamp with time zone and occurred_at < '10000-01-01 00:00:00+00'::timestamp with time zone
  and recorded_at >= '1970-01-01 00:00:00+00'::timestamp with time zone and recorded_at < '10000-01-01 00:00:00+00'::timestamp with time zone
  and canonical = '{"batch":' || to_json(batch)::text || ',"chain":' || to_json(chain)::text
    || ',"corrects":' || coalesce(to_json(corrects::text)::text, 'null') || ',"counterparty":' || coalesce(to_json(counterparty_code)::text, 'null')
    || ',"direction":' || to_json(direction::text)::text
    || ',"inputs":' || case when inputs is null then 'null' else ledger_inputs_canonical(inputs) end
    || ',"occurredAt":"' || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","prevHash":' || to_json(prev_hash::text)::text
    || ',"product":' || to_json(product_code)::text || ',"quantity":"' || quantity::text || '","reason":' || to_json(reason::text)::text
    || ',"recordedAt":"' || to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","requestId":' || to_json(request_id)::text
    || ',"seq":' || seq::text || ',"sourceHash":' || coalesce(to_json(source_hash::text)::text, 'null')
    || ',"transportDoc":' || coalesce(to_json(transport_doc)::text, 'null') || ',"unit":' || to_json(unit::text)::text
    || ',"v":1,"warehouse":' || to_json(warehouse_code)::text || '}'
) is true`;

/**
 * One entry of an enterprise's hash chain (docs/ledger.md). Every spec field is
 * a column of its own; `canonical` and `hash` are what was sealed. The table
 * refuses UPDATE, DELETE and TRUNCATE (migration append_only).
 *
 * Its references carry no foreign-key constraint: a constraint checks each
 * inserted row with a query of its own and locks the registry row it names,
 * which cost about half of inserting an entry (docs/performance.md). They hold:
 * the append resolves every id from a row that exists, and neither registry
 * rows (migration registry_kept) nor entries are ever deleted. The columns
 * always agree with `canonical` (CANONICAL_AGREES), triggers disabled or not.
 */
@ObjectType({ description: 'A stock movement: one entry of an enterprise’s hash chain (docs/ledger.md)' })
@Entity({ tableName: 'ledger_entry' })
@Unique({ properties: ['chain', 'seq'] })
@Check({ name: 'ledger_entry_canonical_agrees', expression: CANONICAL_AGREES })
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
