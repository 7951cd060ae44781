import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { WebhookSubscription } from './webhook-subscription.entity';
import { WebhookDeliveryStatus } from './webhooks.enums';

/** One event for one subscription: enqueued once (unique per subscription and event), sent until delivered or dead. */
@ObjectType({ description: 'One event posted (or to be posted) to a webhook' })
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['subscription', 'eventId'] })
@Index({ properties: ['subscription', 'status', 'id'] })
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => WebhookSubscription, { deleteRule: 'cascade' })
  subscription!: WebhookSubscription;

  @Field({ description: 'The webhook-id header: the same on every attempt, so a receiver drops repeats' })
  @Property({ type: 'string', length: 80 })
  eventId!: string;

  @Field({ description: 'The event type, e.g. ledger.entry' })
  @Property({ type: 'string', length: 40 })
  type!: string;

  @Field({ description: 'The feed position of the event' })
  @Property({ type: 'text' })
  position!: string;

  /** The id of the row the event is (entry, alert, notice): visibility is checked again on it before each attempt. */
  @Property({ type: 'bigint' })
  ref!: string;

  /** The JSON body posted. */
  @Property({ type: 'text' })
  body!: string;

  @Field(() => WebhookDeliveryStatus)
  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: 'webhook_delivery_status', default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt' })
  @Property({ type: 'integer', nullable: true })
  lastStatusCode?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null;
}
