import { Field, InputType, ObjectType } from 'type-graphql';
import { CreditCodeScalar } from '../graphql/scalars';
import { LedgerEntry } from './ledger-entry.entity';
import { MovementReason } from './ledger.enums';

@InputType({ description: 'A shipment scanned (or typed) at the receiver' })
export class ReceiveShipmentInput {
  @Field({ description: 'The shipment code from the transport document, e.g. "K7Q2M-8XHWA"' })
  code!: string;

  @Field({ description: 'The receiving warehouse' })
  warehouse!: string;

  @Field(() => String, { nullable: true, description: 'What arrived; everything still in transit when omitted. Less closes the shipment short' })
  quantity?: string | null;
}

@InputType({ description: 'A batch scanned at the sender as it leaves' })
export class DispatchBatchInput {
  @Field({ description: 'The batch code scanned from the package' })
  batchCode!: string;

  @Field({ description: 'Positive decimal, at most 3 fractional digits' })
  quantity!: string;

  @Field(() => CreditCodeScalar, { description: 'The receiving enterprise' })
  counterparty!: string;

  @Field(() => String, { nullable: true, description: 'Electronic waybill number; required in law for highly toxic and precursor chemicals' })
  transportDoc?: string | null;

  @Field(() => String, { nullable: true, description: 'The warehouse it leaves; may be omitted when one warehouse holds the batch' })
  warehouse?: string | null;

  @Field(() => MovementReason, { defaultValue: MovementReason.SALE, description: 'SALE, TRANSFER_OUT, RETURN_OUT or DISPOSAL' })
  reason!: MovementReason;

  @Field(() => String, { nullable: true, description: 'Idempotency key; a fresh one when omitted' })
  requestId?: string | null;
}

@ObjectType({ description: 'The entry a scan appended and the shipment it opened or closed' })
export class ScanResult {
  @Field(() => LedgerEntry)
  entry!: LedgerEntry;

  /** Loaded only when `shipment` is selected: a scanning client usually wants the entry alone. */
  shipmentId!: string;
}
