import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { CURRENT_TX_SQL } from '../db/commit-order';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { DeliveryStatus, NotificationAudience, NotificationKind, NotificationSeverity } from './supervision.enums';

/**
 * The outbox: every notice a job sends. `dedupeKey` is unique, so a notice
 * (e.g. "licence L-1 expires 2027-03-01, 30-day reminder") is sent once
 * however often the job runs. Delivery to WEBHOOK_URL is a separate job.
 */
@ObjectType({ description: 'A notice to one enterprise or to the regulators' })
@Entity({ tableName: 'notification' })
@Index({ properties: ['enterprise', 'id'] })
@Index({ properties: ['deliveryStatus', 'nextAttemptAt'] })
@Index({ properties: ['tx', 'id'] })
export class Notification {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** The transaction that wrote it: the live feeds read in commit order, (tx, id) (db/commit-order.ts). */
  @Property({ type: 'bigint', defaultRaw: CURRENT_TX_SQL })
  tx!: string;

  @Field(() => NotificationAudience)
  @Enum({ items: () => NotificationAudience, nativeEnumName: 'notification_audience' })
  audience!: NotificationAudience;

  /** The recipient when the audience is ENTERPRISE; the subject enterprise (if any) otherwise. */
  @ManyToOne(() => Enterprise, { nullable: true, deleteRule: 'restrict' })
  enterprise?: Enterprise | null;

  @Field(() => NotificationKind)
  @Enum({ items: () => NotificationKind, nativeEnumName: 'notification_kind' })
  kind!: NotificationKind;

  @Field(() => NotificationSeverity)
  @Enum({ items: () => NotificationSeverity, nativeEnumName: 'notification_severity', default: NotificationSeverity.INFO })
  severity: NotificationSeverity = NotificationSeverity.INFO;

  @Field({ description: 'One line for a person' })
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Field({ description: 'Identifies the notice: the same key is never sent twice' })
  @Property({ type: 'string', length: 200, unique: true })
  dedupeKey!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => DeliveryStatus)
  @Enum({ items: () => DeliveryStatus, nativeEnumName: 'delivery_status', default: DeliveryStatus.PENDING })
  deliveryStatus: DeliveryStatus = DeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;
}
