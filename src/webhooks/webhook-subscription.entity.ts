import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../access/viewer';
import { WebhookEvent, WebhookStatus } from './webhooks.enums';
import { DepartmentScalar } from '../access/department-scalar';
import { PartnerDepartment } from '../access/partner-department.entity';

/** What a subscription narrows its feed by, within its owner's rights. */
export interface WebhookFilter {
  enterprise?: string | null;
  reason?: string | null;
  severity?: string | null;
  kind?: string | null;
}

/**
 * A partner department's, an enterprise's or the bureau's webhook: one feed
 * (ledger entries, alerts or notices), read with its owner's rights at
 * delivery time, posted signed to `url` in order. `cursor` is the feed
 * position the last enqueued event came from; `leaseOwner`/`leaseUntil` say
 * which process delivers it now (claimed with FOR UPDATE SKIP LOCKED); once
 * released, `leaseUntil` is when it was last worked (the least recent is
 * claimed first).
 */
@ObjectType({ description: 'A webhook: where to post which feed, signed with its secret' })
@Entity({ tableName: 'webhook_subscription' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class WebhookSubscription {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => Role, { description: 'Whose rights it reads with' })
  @Enum({ items: () => Role, nativeEnumName: 'role' })
  ownerRole!: Role;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 18, nullable: true })
  ownerEnterprise?: string | null;

  @Field(() => DepartmentScalar, { nullable: true })
  @ManyToOne(() => PartnerDepartment, { mapToPk: true, fieldName: 'owner_department', nullable: true })
  ownerDepartment?: string | null;

  @Field({ description: 'Who registered it' })
  @Property({ type: 'text' })
  createdBy!: string;

  @Field()
  @Property({ type: 'text' })
  url!: string;

  /** whsec_ + base64 of 32 random bytes, the HMAC key, shown once at registration or rotation; stored sealed (webhook-secret-box.ts). */
  @Property({ type: 'text', hidden: true })
  secret!: string;

  /** The secret a rotation replaced, sealed: deliveries carry its signature too until previousSecretUntil. */
  @Property({ type: 'text', nullable: true, hidden: true })
  previousSecret?: string | null;

  @Field(() => Date, { nullable: true, description: 'Until when deliveries are signed with the previous secret as well as the current one (after rotateWebhookSecret)' })
  @Property({ type: 'datetime', nullable: true })
  previousSecretUntil?: Date | null;

  @Field(() => WebhookEvent)
  @Enum({ items: () => WebhookEvent, nativeEnumName: 'webhook_event' })
  event!: WebhookEvent;

  @Property({ type: 'jsonb' })
  filter!: WebhookFilter;

  @Field(() => WebhookStatus)
  @Enum({ items: () => WebhookStatus, nativeEnumName: 'webhook_status', default: WebhookStatus.ACTIVE })
  status: WebhookStatus = WebhookStatus.ACTIVE;

  @Field(() => String, { nullable: true, description: 'Why it is DISABLED' })
  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  @Field({ description: 'The feed position of the last event enqueued: deliveries resume after it' })
  @Property({ type: 'text' })
  cursor!: string;

  @Field(() => Date, { nullable: true, description: 'When the delivery at the head of the queue is tried again' })
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  leaseOwner?: string | null;

  @Property({ type: 'datetime', nullable: true })
  leaseUntil?: Date | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
