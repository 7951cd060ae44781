import { JobCounts, JobDefinition } from './job-definition';
import { Notification } from './notification.entity';
import { DeliveryStatus } from './supervision.enums';

/** After this many failed attempts a notification is FAILED and never retried. */
export const MAX_DELIVERY_ATTEMPTS = 10;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3600_000;
const REQUEST_TIMEOUT_MS = 10_000;
const BATCH = 200;

/** Exponential backoff: 1 min after the 1st failure, 2, 4 … capped at 6 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** The JSON body POSTed to WEBHOOK_URL. */
export function webhookBody(n: Notification) {
  return {
    id: n.id,
    kind: n.kind,
    severity: n.severity,
    audience: n.audience,
    enterprise: n.enterprise?.creditCode ?? null,
    title: n.title,
    payload: n.payload,
    dedupeKey: n.dedupeKey,
    createdAt: n.createdAt.toISOString(),
  };
}

/**
 * outbox-delivery: POSTs due notifications to WEBHOOK_URL. A 2xx answer
 * delivers; anything else (or no answer in 10 s) schedules a retry with
 * exponential backoff, until MAX_DELIVERY_ATTEMPTS. The receiver gets the
 * dedupeKey as `Idempotency-Key`, since a crash between its 2xx and our
 * write can repeat a delivery. Without WEBHOOK_URL the job only counts what
 * waits: the outbox stays queryable through GraphQL.
 */
export const outboxDeliveryJob: JobDefinition = {
  name: 'outbox-delivery',
  description: 'Delivers pending notifications to WEBHOOK_URL, retrying with exponential backoff',
  async run(ctx): Promise<JobCounts> {
    const now = ctx.startedAt;
    const due = { deliveryStatus: DeliveryStatus.PENDING, nextAttemptAt: { $lte: now } };
    const url = ctx.config.webhookUrl;
    if (!url) return { pending: await ctx.em.count(Notification, due) };
    const batch = await ctx.em.find(Notification, due, { orderBy: { id: 'asc' }, limit: BATCH, populate: ['enterprise'] });
    await ctx.forEachItem(
      batch,
      (n) => `notification ${n.id}`,
      async (n, em) => {
        let problem: string | null = null;
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': n.dedupeKey },
            body: JSON.stringify(webhookBody(n)),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          if (!response.ok) problem = `HTTP ${response.status}`;
          await response.body?.cancel().catch(() => undefined);
        } catch (error) {
          problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
        const attempts = n.attempts + 1;
        const at = ctx.clock.now();
        if (problem === null) {
          await em.nativeUpdate(Notification, { id: n.id }, { deliveryStatus: DeliveryStatus.DELIVERED, attempts, deliveredAt: at, nextAttemptAt: null, lastError: null });
          ctx.count('delivered');
        } else if (attempts >= MAX_DELIVERY_ATTEMPTS) {
          await em.nativeUpdate(Notification, { id: n.id }, { deliveryStatus: DeliveryStatus.FAILED, attempts, nextAttemptAt: null, lastError: problem });
          ctx.count('gaveUp');
        } else {
          await em.nativeUpdate(Notification, { id: n.id }, { attempts, nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)), lastError: problem });
          ctx.count('retried');
        }
      },
    );
    return { due: batch.length };
  },
};
