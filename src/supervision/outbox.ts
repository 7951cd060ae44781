import { EntityManager } from '@mikro-orm/postgresql';
import { Notification } from './notification.entity';
import { DeliveryStatus, NotificationAudience, NotificationKind, NotificationSeverity } from './supervision.enums';

export interface NewNotification {
  audience: NotificationAudience;
  /** The recipient enterprise's id (ENTERPRISE), or the enterprise a regulators' notice is about. */
  enterpriseId?: string | null;
  kind: NotificationKind;
  /** INFO unless said. */
  severity?: NotificationSeverity;
  title: string;
  payload: Record<string, unknown>;
  /** Names the notice: a key already in the outbox is not sent again. */
  dedupeKey: string;
}

/**
 * Puts a notice in the outbox once: a second call with the same dedupeKey
 * does nothing. Returns whether it was new. Delivery is due at once.
 */
export async function notify(em: EntityManager, notice: NewNotification, now: Date): Promise<boolean> {
  const rows = await em
    .createQueryBuilder(Notification)
    .insert({
      audience: notice.audience,
      enterprise: notice.enterpriseId ?? null,
      kind: notice.kind,
      severity: notice.severity ?? NotificationSeverity.INFO,
      title: notice.title,
      payload: notice.payload,
      dedupeKey: notice.dedupeKey,
      createdAt: now,
      deliveryStatus: DeliveryStatus.PENDING,
      attempts: 0,
      nextAttemptAt: now,
    } as never)
    .onConflict('dedupe_key')
    .ignore()
    .returning('id')
    .execute('all');
  return (rows as unknown[]).length > 0;
}
