import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { Licence } from './licence.entity';
import { Activity, AlertCode, AlertStatus } from './licensing.enums';

/**
 * A failed licence check of one ledger entry. The entry itself stands (the
 * ledger records facts); the alert is what regulators work: OPEN →
 * ACKNOWLEDGED → RESOLVED. One alert per entry, code and activity.
 */
@ObjectType({ description: 'A licence check that failed on a ledger entry' })
@Entity({ tableName: 'alert' })
@Unique({ properties: ['entry', 'code', 'activity'] })
@Index({ properties: ['enterprise', 'status'] })
export class Alert {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => AlertCode)
  @Enum({ items: () => AlertCode, nativeEnumName: 'alert_code' })
  code!: AlertCode;

  @Field(() => AlertStatus)
  @Enum({ items: () => AlertStatus, nativeEnumName: 'alert_status', default: AlertStatus.OPEN })
  status: AlertStatus = AlertStatus.OPEN;

  /** The enterprise whose chain holds the entry. */
  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  /** The ledger entry checked; exposed through a guarded field resolver. */
  @ManyToOne(() => LedgerEntry, { deleteRule: 'restrict', updateRule: 'no action' })
  entry!: LedgerEntry;

  @Field({ description: "The entry's hash: names it in the chain whatever the database" })
  @Property({ type: 'string', length: 64 })
  entryHash!: string;

  @Field(() => Int, { description: "The entry's seq in its chain" })
  @Property({ type: 'integer' })
  entrySeq!: number;

  @Field(() => Activity, { description: 'The activity that lacked a licence; PURCHASE for the buyer check' })
  @Enum({ items: () => Activity, nativeEnumName: 'licence_activity' })
  activity!: Activity;

  @ManyToOne(() => Chemical, { deleteRule: 'restrict' })
  chemical!: Chemical;

  @Field(() => String, { nullable: true, description: 'The buyer, for COUNTERPARTY_UNLICENSED' })
  @Property({ type: 'string', length: 18, nullable: true })
  counterparty?: string | null;

  /** The licence found wanting (expired, suspended, out of scope), if one was. */
  @ManyToOne(() => Licence, { nullable: true, deleteRule: 'restrict' })
  licence?: Licence | null;

  @Field()
  @Property({ type: 'text' })
  message!: string;

  @Field({ description: "The movement's occurredAt: the instant the licences were checked at" })
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field()
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  raisedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  acknowledgedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  acknowledgedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  resolvedBy?: string | null;

  @Field(() => String, { nullable: true, description: 'How it was resolved' })
  @Property({ type: 'text', nullable: true })
  resolution?: string | null;
}
