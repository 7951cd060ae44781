import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain-error';
import type { Viewer } from '../access/viewer';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../supervision/outbox-delivery.job';
import { WEBHOOK_SOURCES } from './webhook-events';
import { ownerViewer } from './webhook-owner';
import { WebhookSecretBox } from './webhook-secret-box';
import { webhookSignature } from './webhook-signature';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import { webhookUrlProblem } from './webhook-url';
import { WebhookDeliveryStatus, WebhookStatus } from './webhooks.enums';

export interface DispatcherDeps {
  em: EntityManager;
  clock: Clock;
  allowPrivate: boolean;
  /** Opens the sealed signing secrets. */
  secrets: WebhookSecretBox;
  /** Names this process in lease_owner; host:pid by default. */
  instance?: string;
}

const LEASE_SECONDS = 60;
const REQUEST_TIMEOUT_MS = 10_000;
/** Subscriptions one process claims and works at once: few, so that a second process finds some left. */
const CLAIM = 4;
const ENQUEUE = 100;
const SEND = 50;

/**
 * Delivers webhooks from every process at once without delivering twice: a
 * process claims due subscriptions with FOR UPDATE SKIP LOCKED and a lease in
 * the database, so each subscription is worked by one process at a time, in
 * order; the least recently worked first (a released lease keeps its end as
 * "last worked"), so none starves behind the first few. Claimed ones are
 * worked concurrently, and a round that sent something is followed at once
 * by the next. Working one, it enqueues the feed's next events read with the owner's
 * rights (one row per event, unique per subscription), then posts the pending
 * ones in order, checking the owner may still read each. A failure holds the
 * queue (order per subscription) and retries with exponential backoff; after
 * MAX_DELIVERY_ATTEMPTS the delivery is DEAD and the queue moves on. Every
 * write after the claim is conditional on still holding the lease.
 */
export class WebhookDispatcher {
  private readonly instance: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.instance = deps.instance ?? `${os.hostname()}:${process.pid}`;
  }

  /** Claims due subscriptions and works them concurrently; returns the attempts made. */
  async runOnce(): Promise<number> {
    const claimedAt = performance.now();
    const claimed = await rawQuery<{ id: string }>(
      this.deps.em.fork(),
      `update webhook_subscription s set lease_owner = ?, lease_until = now() + make_interval(secs => ?)
        where s.id in (select id from webhook_subscription
                        where status = 'ACTIVE' and (lease_until is null or lease_until < now()) and (next_attempt_at is null or next_attempt_at <= ?)
                        order by lease_until nulls first, id limit ? for update skip locked)
        returning s.id::text`,
      [this.instance, LEASE_SECONDS, this.deps.clock.now(), CLAIM],
    );
    const attempts = await Promise.all(
      claimed.map(async ({ id }) => {
        try {
          return await this.work(id, { renewedAt: claimedAt });
        } finally {
          await rawQuery(this.deps.em.fork(), `update webhook_subscription set lease_owner = null, lease_until = now() where id = ? and lease_owner = ?`, [id, this.instance]);
        }
      }),
    );
    return attempts.reduce((a, b) => a + b, 0);
  }

  start(intervalMs: number): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .catch(() => 0) // a failed round is retried on the next tick
        .then((attempts) => {
          // A backlog is drained without waiting; an idle process looks every intervalMs.
          if (!this.stopped) this.timer = setTimeout(tick, attempts > 0 ? 0 : intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Whether this process still holds the subscription's lease, renewing it
   * when half of it is gone. Between renewals no other process can have
   * claimed it (the lease ends LEASE_SECONDS after a renewal began), so a
   * delivery costs no extra write.
   */
  private async holds(em: EntityManager, id: string, lease: { renewedAt: number }): Promise<boolean> {
    if (performance.now() - lease.renewedAt < (LEASE_SECONDS / 2) * 1000) return true;
    const started = performance.now();
    const rows = await rawQuery(em, `update webhook_subscription set lease_until = now() + make_interval(secs => ?) where id = ? and lease_owner = ? returning id`, [LEASE_SECONDS, id, this.instance]);
    if (rows.length > 0) lease.renewedAt = started;
    return rows.length > 0;
  }

  private async work(id: string, lease: { renewedAt: number }): Promise<number> {
    const em = this.deps.em.fork();
    const webhook = await em.findOneOrFail(WebhookSubscription, { id });
    const source = WEBHOOK_SOURCES[webhook.event];
    let viewer: Viewer;
    try {
      viewer = await ownerViewer(em, webhook);
      source.conditions(viewer, webhook.filter);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The owner may no longer read this feed at all: nothing more is sent.
      await em.nativeUpdate(WebhookSubscription, { id, leaseOwner: this.instance }, { status: WebhookStatus.DISABLED, disabledReason: error.message });
      await em.nativeUpdate(WebhookDelivery, { subscription: id, status: WebhookDeliveryStatus.PENDING }, { status: WebhookDeliveryStatus.WITHHELD, lastError: error.message });
      return 0;
    }
    await this.enqueue(em, webhook, viewer);
    return this.send(em, webhook, viewer, lease);
  }

  private async enqueue(em: EntityManager, webhook: WebhookSubscription, viewer: Viewer): Promise<void> {
    if ((await em.count(WebhookDelivery, { subscription: webhook.id, status: WebhookDeliveryStatus.PENDING })) >= ENQUEUE) return;
    const { events, next } = await WEBHOOK_SOURCES[webhook.event].read(em.fork(), viewer, webhook.filter, webhook.cursor, ENQUEUE);
    if (next === webhook.cursor) return;
    const now = this.deps.clock.now();
    await em.transactional(async (tx) => {
      const moved = await tx.nativeUpdate(WebhookSubscription, { id: webhook.id, leaseOwner: this.instance, cursor: webhook.cursor }, { cursor: next });
      if (moved === 0) return;
      if (events.length === 0) return;
      // One statement, ids taken in feed order (the queue is sent by id); an event already enqueued is skipped.
      const rows = events.map((e) => ({ eventId: e.eventId, type: e.type, position: e.position, ref: e.ref, body: JSON.stringify({ type: e.type, timestamp: now.toISOString(), position: e.position, data: e.data }) }));
      await rawQuery(
        tx,
        `insert into webhook_delivery (subscription_id, event_id, type, position, ref, body, status, attempts, created_at)
         select ?, e.j->>'eventId', e.j->>'type', e.j->>'position', (e.j->>'ref')::bigint, e.j->>'body', 'PENDING', 0, ?
           from json_array_elements(?::json) with ordinality as e(j, n) order by e.n
         on conflict (subscription_id, event_id) do nothing`,
        [webhook.id, now, JSON.stringify(rows)],
      );
    });
  }

  private async send(em: EntityManager, webhook: WebhookSubscription, viewer: Viewer, lease: { renewedAt: number }): Promise<number> {
    const source = WEBHOOK_SOURCES[webhook.event];
    const queue = await em.find(WebhookDelivery, { subscription: webhook.id, status: WebhookDeliveryStatus.PENDING }, { orderBy: { id: 'asc' }, limit: SEND });
    let attempts = 0;
    for (const delivery of queue) {
      if (!(await this.holds(em, webhook.id, lease))) break;
      const mine = { id: delivery.id, status: WebhookDeliveryStatus.PENDING };
      if (!(await source.visible(em.fork(), viewer, webhook.filter, delivery.ref))) {
        await em.nativeUpdate(WebhookDelivery, mine, { status: WebhookDeliveryStatus.WITHHELD, lastError: 'The owner may no longer read this event' });
        continue;
      }
      attempts++;
      const { statusCode, problem } = await this.post(webhook, delivery);
      const tries = delivery.attempts + 1;
      const at = this.deps.clock.now();
      if (problem === null) {
        await em.nativeUpdate(WebhookDelivery, mine, { status: WebhookDeliveryStatus.DELIVERED, attempts: tries, lastStatusCode: statusCode, lastError: null, deliveredAt: at });
        continue;
      }
      const dead = tries >= MAX_DELIVERY_ATTEMPTS;
      await em.nativeUpdate(WebhookDelivery, mine, { status: dead ? WebhookDeliveryStatus.DEAD : WebhookDeliveryStatus.PENDING, attempts: tries, lastStatusCode: statusCode, lastError: problem });
      if (dead) continue;
      await em.nativeUpdate(WebhookSubscription, { id: webhook.id, leaseOwner: this.instance }, { nextAttemptAt: new Date(at.getTime() + retryDelayMs(tries)) });
      break; // later deliveries wait behind this one: order per subscription
    }
    return attempts;
  }

  private async post(webhook: WebhookSubscription, delivery: WebhookDelivery): Promise<{ statusCode: number | null; problem: string | null }> {
    const refused = await webhookUrlProblem(webhook.url, this.deps.allowPrivate);
    if (refused) return { statusCode: null, problem: refused };
    const id = `${webhook.id}-${delivery.eventId}`;
    // The receiver checks this against its own clock (the replay window): the wall clock, not the rules' clock.
    const timestamp = Math.floor(Date.now() / 1000);
    // During a rotation's overlap both secrets sign: a receiver holding either accepts the delivery.
    const overlap = webhook.previousSecret && webhook.previousSecretUntil && webhook.previousSecretUntil > this.deps.clock.now();
    const secrets = [webhook.secret, ...(overlap ? [webhook.previousSecret!] : [])].map((s) => this.deps.secrets.open(s));
    const signature = secrets.map((secret) => webhookSignature(secret, id, timestamp, delivery.body)).join(' ');
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
        body: delivery.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.body?.cancel().catch(() => undefined);
      return { statusCode: response.status, problem: response.ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      return { statusCode: null, problem: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }
}
