import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { CURRENT_TX_SQL } from '../db/commit-order';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { Licence } from './licence.entity';
import { Activity, AlertCode, AlertSeverity, AlertStatus } from './licensing.enums';

/**
 * Something regulators must work, about one place in an enterprise's ledger
 * chain: OPEN → ACKNOWLEDGED → RESOLVED.
 *
 * - A failed licence check of one ledger entry (NORMAL): the entry itself
 *   stands (the ledger records facts). One alert per entry, code and activity.
 * - CHAIN_BROKEN (CRITICAL), raised by the ledger-verification job: the chain
 *   and the seq of the first failing entry, the verification's reason; the
 *   entry when one is stored at that seq (a truncated chain has none). One
 *   alert per (chain, seq, reason): a break stays one alert however many
 *   nights it is found.
 */
@ObjectType({ description: 'A failed licence check of a ledger entry, or a broken ledger chain' })
@Entity({ tableName: 'alert' })
@Unique({ properties: ['entry', 'code', 'activity'] })
@Unique({ properties: ['chain', 'entrySeq', 'chainFailure'] })
@Index({ properties: ['enterprise', 'status'] })
@Index({ properties: ['severity', 'status'] })
@Index({ properties: ['tx', 'id'] })
export class Alert {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** The transaction that wrote it: the live feeds read in commit order, (tx, id) (db/commit-order.ts). */
  @Property({ type: 'bigint', defaultRaw: CURRENT_TX_SQL })
  tx!: string;

  @Field(() => AlertCode)
  @Enum({ items: () => AlertCode, nativeEnumName: 'alert_code' })
  code!: AlertCode;

  @Field(() => AlertSeverity, { description: 'NORMAL for a failed licence check; CRITICAL for CHAIN_BROKEN' })
  @Enum({ items: () => AlertSeverity, nativeEnumName: 'alert_severity', default: AlertSeverity.NORMAL })
  severity: AlertSeverity = AlertSeverity.NORMAL;

  @Field(() => AlertStatus)
  @Enum({ items: () => AlertStatus, nativeEnumName: 'alert_status', default: AlertStatus.OPEN })
  status: AlertStatus = AlertStatus.OPEN;

  /** The enterprise whose chain it is about. */
  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field({ description: "The ledger chain: the enterprise's credit code" })
  @Property({ type: 'string', length: 18 })
  chain!: string;

  /** The ledger entry checked (or, for CHAIN_BROKEN, stored at the failing seq, if any); exposed through a guarded field resolver. */
  @ManyToOne(() => LedgerEntry, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  entry?: LedgerEntry | null;

  @Field(() => String, { nullable: true, description: "The entry's hash: names it in the chain whatever the database; null when no entry is stored at the seq" })
  @Property({ type: 'string', length: 64, nullable: true })
  entryHash?: string | null;

  @Field(() => Int, { description: "The entry's seq in its chain; for CHAIN_BROKEN, the seq of the first failing entry" })
  @Property({ type: 'integer' })
  entrySeq!: number;

  @Field(() => String, { nullable: true, description: 'For CHAIN_BROKEN: why verification failed (HASH_MISMATCH, PREV_HASH_MISMATCH, SEQ_GAP, TRUNCATED …)' })
  @Property({ type: 'string', length: 32, nullable: true })
  chainFailure?: string | null;

  @Field(() => Activity, { nullable: true, description: 'The activity that lacked a licence; PURCHASE for the buyer check; null for CHAIN_BROKEN' })
  @Enum({ items: () => Activity, nativeEnumName: 'licence_activity', nullable: true })
  activity?: Activity | null;

  /** The chemical moved; null for CHAIN_BROKEN. */
  @ManyToOne(() => Chemical, { nullable: true, deleteRule: 'restrict' })
  chemical?: Chemical | null;

  @Field(() => String, { nullable: true, description: 'The buyer, for COUNTERPARTY_UNLICENSED' })
  @Property({ type: 'string', length: 18, nullable: true })
  counterparty?: string | null;

  /** The licence found wanting (expired, suspended, out of scope), if one was. */
  @ManyToOne(() => Licence, { nullable: true, deleteRule: 'restrict' })
  licence?: Licence | null;

  @Field()
  @Property({ type: 'text' })
  message!: string;

  @Field(() => Date, { nullable: true, description: "The movement's occurredAt: the instant the licences were checked at; null for CHAIN_BROKEN" })
  @Property({ type: 'datetime', nullable: true })
  occurredAt?: Date | null;

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
