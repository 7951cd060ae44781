import { ArgsType, ClassType, Field, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../graphql/connection';
import { CreditCodeScalar } from '../graphql/scalars';
import { Unit } from '../registry/registry.enums';
import { Direction, MovementReason, ShipmentSide, TraceDirection } from './ledger.enums';

@InputType({ description: 'A batch named by its product traceability code and batch number' })
export class BatchRefInput {
  @Field()
  product!: string;

  @Field()
  batch!: string;
}

/**
 * One movement as the enterprise submits it. Quantities, times and codes are
 * strings checked by the service, so every refusal names the entry's index and field.
 */
@InputType()
export class MovementInput {
  @Field(() => Direction)
  direction!: Direction;

  @Field(() => MovementReason)
  reason!: MovementReason;

  @Field({ description: 'The warehouse code, unique within the enterprise' })
  warehouse!: string;

  @Field(() => String, { nullable: true, description: "The product traceability code; may be another enterprise's product. With batch, or give batchCode" })
  product?: string | null;

  @Field(() => String, { nullable: true, description: 'Batch (lot) number, 1 to 64 characters. With product, or give batchCode' })
  batch?: string | null;

  @Field(() => String, { nullable: true, description: 'The batch code as scanned from the package: names product and batch (docs/trace-code.md)' })
  batchCode?: string | null;

  @Field({ description: 'Positive decimal, at most 3 fractional digits, e.g. "125.5"' })
  quantity!: string;

  @Field(() => Unit, { description: "The product's unit" })
  unit!: Unit;

  @Field(() => String, { nullable: true, description: 'Credit code of the other enterprise' })
  counterparty?: string | null;

  @Field(() => String, { nullable: true, description: "On an IN receiving a shipment: the hash of the shipper's OUT entry" })
  sourceHash?: string | null;

  @Field(() => [BatchRefInput], { nullable: true, description: 'On PRODUCTION: the batches consumed' })
  inputs?: BatchRefInput[] | null;

  @Field(() => String, { nullable: true, description: 'On CORRECTION: the hash of the entry corrected' })
  corrects?: string | null;

  @Field(() => String, { nullable: true, description: 'Electronic waybill number' })
  transportDoc?: string | null;

  @Field({ description: 'ISO 8601 with a time zone, e.g. "2026-11-26T16:30:00+08:00"; stored as UTC with milliseconds' })
  occurredAt!: string;
}

@InputType()
export class RecordMovementsInput {
  @Field({ description: 'Idempotency key, 1 to 64 characters: a retry with the same content returns the recorded entries' })
  requestId!: string;

  @Field(() => [MovementInput], { description: '1 to 1,000 entries, appended in this order, all or none' })
  entries!: MovementInput[];
}

/** One (warehouse, product, batch)'s net change from the earlier calls of a dry run (checkMovements' carry). */
@InputType()
export class PendingBalanceInput {
  @Field({ description: 'Warehouse code' })
  warehouse!: string;

  @Field({ description: 'Product traceability code' })
  product!: string;

  @Field()
  batch!: string;

  @Field({ description: 'Net change of the stock, a signed decimal with at most 3 decimals: "120.000", "-4.500"' })
  change!: string;
}

/** Which movements: by reason, direction and time. */
@ArgsType()
export class MovementKindArgs extends ConnectionArgs {
  @Field(() => MovementReason, { nullable: true })
  reason?: MovementReason | null;

  @Field(() => Direction, { nullable: true })
  direction?: Direction | null;

  @Field(() => Date, { nullable: true, description: 'occurredAt at or after' })
  occurredFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'occurredAt before' })
  occurredTo?: Date | null;
}

/** Which movements by where they are: a chain, and a warehouse, product or batch of it (`movements`, the ledgerEntries feed). */
export function MovementPlaceArgs<Base extends ClassType>(base: Base) {
  @ArgsType()
  class WithMovementPlace extends base {
    @Field(() => CreditCodeScalar, { nullable: true, description: 'The chain; an enterprise token reads only its own' })
    enterprise?: string | null;

    @Field(() => String, { nullable: true, description: 'Warehouse code' })
    warehouse?: string | null;

    @Field(() => String, { nullable: true, description: 'Product traceability code' })
    product?: string | null;

    @Field(() => String, { nullable: true })
    batch?: string | null;
  }
  return WithMovementPlace;
}

@ArgsType()
export class MovementsArgs extends MovementPlaceArgs(MovementKindArgs) {}

@ArgsType()
export class StockArgs extends ConnectionArgs {
  @Field(() => CreditCodeScalar, { nullable: true })
  enterprise?: string | null;

  @Field(() => String, { nullable: true, description: 'Warehouse code (with enterprise)' })
  warehouse?: string | null;

  @Field(() => String, { nullable: true, description: 'Product traceability code' })
  product?: string | null;

  @Field(() => String, { nullable: true })
  batch?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Include batches whose stock is zero' })
  includeEmpty!: boolean;
}

@ArgsType()
export class ShipmentsArgs extends ConnectionArgs {
  @Field(() => CreditCodeScalar, { nullable: true, description: 'Required for regulators and partners; an enterprise token reads its own' })
  enterprise?: string | null;

  @Field(() => ShipmentSide, { defaultValue: ShipmentSide.BOTH })
  side!: ShipmentSide;

  @Field(() => Boolean, { defaultValue: true, description: 'Only shipments still (partly) in transit' })
  openOnly!: boolean;
}

@ArgsType()
export class TraceBatchArgs {
  @Field({ description: 'Product traceability code' })
  product!: string;

  @Field()
  batch!: string;

  @Field(() => TraceDirection, { defaultValue: TraceDirection.BOTH })
  direction!: TraceDirection;

  @Field(() => Int, { defaultValue: 3, description: 'Transformations (PRODUCTION) to cross, 0 to 10' })
  maxDepth!: number;
}

@ArgsType()
export class ChainEntriesArgs extends ConnectionArgs {}
