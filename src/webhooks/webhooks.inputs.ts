import { Field, InputType } from 'type-graphql';
import { CreditCodeScalar } from '../graphql/scalars';
import { MovementReason } from '../ledger/ledger.enums';
import { AlertSeverity } from '../licensing/licensing.enums';
import { NotificationKind } from '../supervision/supervision.enums';
import { WebhookEvent } from './webhooks.enums';

@InputType()
export class RegisterWebhookInput {
  @Field({ description: 'Where events are POSTed: http(s), a public address' })
  url!: string;

  @Field(() => WebhookEvent)
  event!: WebhookEvent;

  @Field(() => CreditCodeScalar, { nullable: true, description: 'One enterprise only; an enterprise token reads only its own' })
  enterprise?: string | null;

  @Field(() => MovementReason, { nullable: true, description: 'LEDGER_ENTRIES: one reason only' })
  reason?: MovementReason | null;

  @Field(() => AlertSeverity, { nullable: true, description: 'ALERTS: one severity only (CRITICAL: regulators)' })
  severity?: AlertSeverity | null;

  @Field(() => NotificationKind, { nullable: true, description: 'NOTIFICATIONS: one kind only' })
  kind?: NotificationKind | null;

  @Field(() => String, { nullable: true, description: 'Start after this feed position (a ledger logIndex, or an alert/notification position); none: from now' })
  after?: string | null;
}
