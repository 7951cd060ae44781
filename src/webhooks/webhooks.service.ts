import { EntityManager } from '@mikro-orm/postgresql';
import { assertDeploymentWide, assertReadsDeployment } from '../access/jurisdiction';
import { Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { AccessError, DomainError } from '../shared/domain-error';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { WEBHOOK_SOURCES } from './webhook-events';
import { ownerOf, ownerViewer, ownedBy } from './webhook-owner';
import { WebhookSecretBox } from './webhook-secret-box';
import { newWebhookSecret } from './webhook-signature';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookFilter, WebhookSubscription } from './webhook-subscription.entity';
import { webhookUrlProblem } from './webhook-url';
import { WebhookDeliveryStatus, WebhookEvent, WebhookStatus } from './webhooks.enums';
import { WebhookError } from './webhooks.errors';
import { RegisterWebhookInput } from './webhooks.inputs';

/** Which filter field each feed takes beyond `enterprise`. */
const FILTER_FIELD: Readonly<Record<WebhookEvent, 'reason' | 'severity' | 'kind'>> = {
  [WebhookEvent.LEDGER_ENTRIES]: 'reason',
  [WebhookEvent.ALERTS]: 'severity',
  [WebhookEvent.NOTIFICATIONS]: 'kind',
};

const ID = /^\d{1,18}$/;
/** The longest a rotated-out secret keeps signing: a week to update every receiver. */
const MAX_OVERLAP_SECONDS = 7 * 86_400;

/**
 * Webhook subscriptions of an enterprise, a partner department or the bureau:
 * registered within the owner's rights (the feed's query rules), listed,
 * disabled and enabled, with their deliveries and the replay of dead ones.
 * Every caller of the same organisation sees and manages its webhooks.
 */
export class WebhooksService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly allowPrivate: boolean,
    private readonly secrets: WebhookSecretBox,
  ) {}

  async register(viewer: Viewer, input: RegisterWebhookInput): Promise<{ webhook: WebhookSubscription; secret: string }> {
    // The bureau's webhooks read as the bureau, the whole district: not a TOWN regulator's to hold.
    assertDeploymentWide(viewer, 'registerWebhook');
    const owner = ownerOf(viewer);
    const problem = await webhookUrlProblem(input.url, this.allowPrivate);
    if (problem) throw WebhookError.invalid(['input', 'url'], problem);
    for (const field of ['reason', 'severity', 'kind'] as const) {
      if (input[field] && FILTER_FIELD[input.event] !== field) throw WebhookError.invalid(['input', field], `${field} narrows ${Object.entries(FILTER_FIELD).find(([, f]) => f === field)![0]} only`);
    }
    const filter: WebhookFilter = { enterprise: input.enterprise ?? null, [FILTER_FIELD[input.event]]: input[FILTER_FIELD[input.event]] ?? null };
    const source = WEBHOOK_SOURCES[input.event];
    const probe = { ...owner, id: '0' } as WebhookSubscription;
    try {
      source.conditions(await ownerViewer(this.em, probe), filter); // refuses what the owner may not read
    } catch (error) {
      if (error instanceof DomainError && error.field) throw new WebhookError(error.code, error.message, ['input', ...error.field]);
      throw error;
    }
    const cursor = input.after === null || input.after === undefined ? await source.now(this.em) : source.position(input.after, ['input', 'after']);
    const secret = newWebhookSecret();
    const webhook = this.em.create(WebhookSubscription, {
      ...owner,
      createdBy: viewer.subject!,
      url: input.url,
      secret: this.secrets.seal(secret),
      event: input.event,
      filter,
      status: WebhookStatus.ACTIVE,
      cursor,
      createdAt: this.clock.now(),
    });
    await this.em.persistAndFlush(webhook);
    return { webhook, secret };
  }

  /** The caller's organisation's webhooks; the bureau's read as the whole district, so DISTRICT and CITY regulators read them. */
  webhooks(viewer: Viewer, page: PageArgs): Promise<Page<WebhookSubscription>> {
    assertReadsDeployment(viewer, 'webhooks');
    return paginate(this.em, WebhookSubscription, ownedBy(viewer), page);
  }

  async deliveries(viewer: Viewer, webhookId: string, status: WebhookDeliveryStatus | null | undefined, page: PageArgs): Promise<Page<WebhookDelivery>> {
    assertReadsDeployment(viewer, 'webhookDeliveries');
    const webhook = await this.owned(viewer, webhookId, ['webhook']);
    return paginate(this.em, WebhookDelivery, { subscription: webhook.id, ...(status ? { status } : {}) }, page);
  }

  /** Disabling stops deliveries at once (the head waits); enabling resumes them where they stopped, at once. */
  async setEnabled(viewer: Viewer, webhookId: string, enabled: boolean): Promise<WebhookSubscription> {
    assertDeploymentWide(viewer, 'setWebhookEnabled');
    const webhook = await this.owned(viewer, webhookId, ['id']);
    webhook.status = enabled ? WebhookStatus.ACTIVE : WebhookStatus.DISABLED;
    webhook.disabledReason = enabled ? null : `Disabled by ${viewer.subject}`;
    if (enabled) webhook.nextAttemptAt = null;
    await this.em.flush();
    return webhook;
  }

  /**
   * A new secret, shown this once. For `overlapSeconds` the old one signs too
   * (webhook-signature carries both, as Standard Webhooks allows), so a
   * receiver can switch without refusing a delivery; a secret rotated out
   * earlier stops signing at once.
   */
  async rotateSecret(viewer: Viewer, webhookId: string, overlapSeconds: number): Promise<{ webhook: WebhookSubscription; secret: string }> {
    assertDeploymentWide(viewer, 'rotateWebhookSecret');
    if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
      throw WebhookError.invalid(['overlapSeconds'], `overlapSeconds is a whole number of seconds from 0 to ${MAX_OVERLAP_SECONDS}`);
    }
    const webhook = await this.owned(viewer, webhookId, ['id']);
    const secret = newWebhookSecret();
    webhook.previousSecret = overlapSeconds > 0 ? webhook.secret : null;
    webhook.previousSecretUntil = overlapSeconds > 0 ? new Date(this.clock.now().getTime() + overlapSeconds * 1000) : null;
    webhook.secret = this.secrets.seal(secret);
    await this.em.flush();
    return { webhook, secret };
  }

  /** A DEAD delivery is sent again, before the rest of the queue, with its attempts counted afresh. */
  async replay(viewer: Viewer, deliveryId: string): Promise<WebhookDelivery> {
    assertDeploymentWide(viewer, 'replayWebhookDelivery');
    if (!ID.test(deliveryId)) throw WebhookError.notFound('delivery', deliveryId, ['id']);
    const delivery = await this.em.findOne(WebhookDelivery, { id: deliveryId, subscription: ownedBy(viewer) });
    if (!delivery) throw WebhookError.notFound('delivery', deliveryId, ['id']);
    if (delivery.status !== WebhookDeliveryStatus.DEAD) throw WebhookError.notReplayable(delivery.status, ['id']);
    delivery.status = WebhookDeliveryStatus.PENDING;
    delivery.attempts = 0;
    await this.em.nativeUpdate(WebhookSubscription, { id: delivery.subscription.id }, { nextAttemptAt: null });
    await this.em.flush();
    return delivery;
  }

  private async owned(viewer: Viewer, id: string, field: string[]): Promise<WebhookSubscription> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    const webhook = ID.test(id) ? await this.em.findOne(WebhookSubscription, { id, ...ownedBy(viewer) }) : null;
    if (!webhook) throw WebhookError.notFound('webhook', id, field);
    return webhook;
  }
}
