import { registerEnumType } from 'type-graphql';

/** What a webhook subscription is told of: one kind per subscription, so its order is that feed's order. */
export enum WebhookEvent {
  /** Committed ledger entries, in transparency-log order (the `movements` rules). */
  LEDGER_ENTRIES = 'LEDGER_ENTRIES',
  /** Alerts as raised (the `alerts` rules). */
  ALERTS = 'ALERTS',
  /** Notices of the outbox (the `notifications` rules). */
  NOTIFICATIONS = 'NOTIFICATIONS',
}

export enum WebhookStatus {
  ACTIVE = 'ACTIVE',
  /** Disabled by its owner, or because its owner may no longer read what it asked for: nothing is sent. */
  DISABLED = 'DISABLED',
}

export enum WebhookDeliveryStatus {
  /** Waiting for its first or a further attempt; later deliveries of the subscription wait behind it. */
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  /** Every attempt failed: the dead-letter state; replayWebhookDelivery sends it again. */
  DEAD = 'DEAD',
  /** Not sent: at delivery time the owner could no longer read the event. */
  WITHHELD = 'WITHHELD',
}

registerEnumType(WebhookEvent, { name: 'WebhookEvent' });
registerEnumType(WebhookStatus, { name: 'WebhookStatus' });
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });
