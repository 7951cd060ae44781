import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { Product } from '../registry/product.entity';
import { LedgerEntry } from './ledger-entry.entity';

/**
 * An OUT entry naming a counterparty: in transit until the receiver's IN
 * entries naming it by sourceHash add up to what was shipped. A CORRECTION of
 * the OUT cancels what is still in transit; a CORRECTION of a receipt reopens it.
 * Its shipment code (src/proof/shipment-code.ts) is drawn at random when it opens, with a check character.
 * A receipt by scan (receiveShipment) closes it, recording any shortfall.
 */
@ObjectType({ description: 'Goods an enterprise shipped to another, in transit until received' })
@Entity({ tableName: 'ledger_shipment' })
@Index({ properties: ['product', 'batch'] })
@Check({ name: 'ledger_shipment_quantities_check', expression: 'received >= 0 and cancelled >= 0 and received + cancelled <= shipped' })
export class Shipment {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => LedgerEntry, { deleteRule: 'restrict', unique: true })
  outEntry!: LedgerEntry;

  /** The code on the transport document, ungrouped: drawn at random, so not guessable from another (GraphQL's `code` groups it). */
  @Property({ type: 'string', length: 10, unique: true })
  code!: string;

  @Field({ description: "The hash of the sender's OUT entry: the receiver's sourceHash" })
  @Property({ type: 'character', length: 64 })
  outHash!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict', index: true })
  sender!: Enterprise;

  @Field({ description: "The sender's credit code" })
  @Property({ type: 'string', length: 18 })
  senderCode!: string;

  @Field({ description: "The receiver's credit code" })
  @Property({ type: 'string', length: 18, index: true })
  receiverCode!: string;

  /** Null while the receiver is not registered. */
  @ManyToOne(() => Enterprise, { nullable: true, deleteRule: 'restrict' })
  receiver?: Enterprise | null;

  @ManyToOne(() => Product, { deleteRule: 'restrict' })
  product!: Product;

  @Field({ description: 'The product traceability code' })
  @Property({ type: 'string', length: 25 })
  productCode!: string;

  @Field()
  @Property({ type: 'string', length: 64 })
  batch!: string;

  @Field()
  @Property({ type: 'decimal', precision: 24, scale: 3 })
  shipped!: string;

  @Field({ description: 'Received so far by IN entries naming this shipment' })
  @Property({ type: 'decimal', precision: 24, scale: 3, default: '0' })
  received!: string;

  @Field({ description: 'Cancelled by CORRECTION entries of the sender' })
  @Property({ type: 'decimal', precision: 24, scale: 3, default: '0' })
  cancelled!: string;

  @Field({ description: 'Still in transit: shipped − received − cancelled' })
  @Property({ type: 'decimal', precision: 24, scale: 3, generated: '(shipped - received - cancelled) stored' })
  inTransit!: string;

  @Field({ description: 'When the goods left' })
  @Property({ type: 'datetime' })
  shippedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the receiver scanned it in (receiveShipment): closed, it is not received again' })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'What the receiver found missing when it closed the shipment: shipped − received − cancelled' })
  @Property({ type: 'decimal', precision: 24, scale: 3, nullable: true })
  shortfall?: string | null;
}
