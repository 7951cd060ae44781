import type { GraphQLResolveInfo } from 'graphql';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ChainFailureReason } from '../proof/verify-chain';
import { DisagreementKind } from './chain-cross-checks';
import { Unit } from '../registry/registry.enums';
import { connectionType, connectionWants, selectedFields } from '../graphql/connection';
import { LedgerEntry } from './ledger-entry.entity';
import { Shipment } from './shipment.entity';
import { StockBalance } from './stock-balance.entity';
import type { StockWants } from './stock.service';

@ObjectType({ description: 'The entries of one submission' })
export class RecordMovementsResult {
  @Field()
  requestId!: string;

  @Field({ description: 'True when this requestId was already recorded with the same content: nothing was appended' })
  replayed!: boolean;

  @Field(() => [LedgerEntry])
  entries!: LedgerEntry[];
}

@ObjectType('LedgerChain', { description: "An enterprise's hash chain: its head and its entries in seq order" })
export class LedgerChainView {
  @Field({ description: "The enterprise's credit code" })
  chain!: string;

  enterpriseId!: string;

  @Field(() => Int, { description: 'The last seq: entries run 1..length' })
  length!: number;

  @Field({ description: 'The hash of the last entry (64 zeros for an empty chain)' })
  headHash!: string;
}

const FAILURE_REASONS = [
  'SEQ_GAP',
  'SEQ_DUPLICATE',
  'SEQ_OUT_OF_ORDER',
  'PREV_HASH_MISMATCH',
  'HASH_MISMATCH',
  'CANONICAL_MALFORMED',
  'CANONICAL_MISMATCH',
  'TRUNCATED',
  'HEAD_MISMATCH',
] as const satisfies readonly ChainFailureReason[];

/** The GraphQL enum of proof/verify-chain.ts's reasons. */
export const ChainFailureReasonEnum = Object.fromEntries(FAILURE_REASONS.map((r) => [r, r])) as { [K in ChainFailureReason]: K };
registerEnumType(ChainFailureReasonEnum, { name: 'ChainFailureReason', description: 'Why an entry fails verification (docs/ledger.md)' });

@ObjectType()
export class ChainFailure {
  @Field(() => Int, { description: 'The first broken seq' })
  seq!: number;

  @Field(() => ChainFailureReasonEnum)
  reason!: ChainFailureReason;

  @Field()
  message!: string;
}

registerEnumType(DisagreementKind, { name: 'DisagreementKind', description: 'Where the rest of the database contradicts a chain (docs/verification.md)' });

@ObjectType({ description: 'A place where the rest of the database contradicts the chain: what the chain alone cannot prove' })
export class ChainDisagreement {
  @Field(() => DisagreementKind)
  kind!: DisagreementKind;

  @Field(() => Int, { nullable: true, description: 'The entry concerned; for a balance, the last entry of its warehouse, product and batch' })
  seq!: number | null;

  @Field()
  message!: string;
}

@ObjectType({ description: 'The result of checking a chain as the spec says' })
export class ChainVerificationResult {
  @Field()
  chain!: string;

  @Field()
  ok!: boolean;

  @Field(() => Int, { description: 'Entries that passed before the first failure' })
  checked!: number;

  @Field(() => Int, { nullable: true, description: 'The last entry that passed' })
  headSeq!: number | null;

  @Field(() => String, { nullable: true })
  headHash!: string | null;

  @Field(() => ChainFailure, { nullable: true })
  failure!: ChainFailure | null;

  @Field(() => [ChainDisagreement], { description: 'Balances, receipts, shipments, id columns, request rows and log leaves that contradict the chain (at most 20 of each kind); ok is false when there is any' })
  disagreements!: ChainDisagreement[];
}

@ObjectType({ description: 'Stock of one product over the filter' })
export class StockTotal {
  productId!: string;

  @Field({ description: 'Product traceability code' })
  productCode!: string;

  @Field(() => Unit)
  unit!: Unit;

  @Field()
  quantity!: string;

  @Field(() => Int, { description: 'Balances (warehouse, batch) summed' })
  batches!: number;
}

export const LedgerEntryConnection = connectionType(LedgerEntry);
export const ShipmentConnection = connectionType(Shipment);

@ObjectType('StockConnection', { description: 'Balances with totals per product over the whole filter (not only this page)' })
export class StockConnection extends connectionType(StockBalance) {
  @Field(() => [StockTotal])
  totals!: StockTotal[];
}

/** What a stock connection's selection asks for: rows, totalCount, totals (the resolvers' look-ahead). */
export function stockWants(info: GraphQLResolveInfo): StockWants {
  return { ...connectionWants(info, ['warehouse', 'product']), totals: selectedFields(info).has('totals') };
}

@ObjectType({ description: "What recordMovements would refuse in one entry, found by checkMovements' dry run" })
export class MovementProblem {
  @Field(() => Int, { description: 'The entry’s position in the submission, from 0' })
  index!: number;

  @Field({ description: 'The input at fault, as extensions.field names it: input.entries.3.quantity' })
  field!: string;

  @Field({ description: 'What recordMovements would answer in extensions.code' })
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'INSUFFICIENT_STOCK: what the warehouse holds before this entry' })
  available!: string | null;

  @Field(() => String, { nullable: true, description: 'INSUFFICIENT_STOCK: what the entry takes out' })
  requested!: string | null;
}

@ObjectType({ description: "One (warehouse, product, batch)'s net stock change over the calls of a dry run so far" })
export class PendingBalance {
  @Field()
  warehouse!: string;

  @Field()
  product!: string;

  @Field()
  batch!: string;

  @Field({ description: 'A signed decimal, 3 decimals' })
  change!: string;
}

@ObjectType({ description: 'A dry run of recordMovements: every entry checked, nothing written' })
export class MovementCheck {
  @Field(() => Int, { description: 'Entries checked' })
  checked!: number;

  @Field(() => [MovementProblem], { description: 'One per refused entry (its first problem), in entry order; empty when recordMovements would accept the submission' })
  problems!: MovementProblem[];

  @Field(() => [PendingBalance], {
    description: "The stock changes of this call's accepted entries added to the carry it was given: pass it as the next call's carry to check a file over 1,000 entries as one submission",
  })
  carry!: PendingBalance[];
}
