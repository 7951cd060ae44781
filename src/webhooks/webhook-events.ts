import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Mandate, viewerHolds } from '../access/mandates';
import { Role, Viewer } from '../access/viewer';
import { commitHorizonCursor, commitOrderPage, cursorOf, formatCommitCursor, parseCommitCursor } from '../db/commit-order';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { checkPosition, LedgerFeedService } from '../ledger/ledger-feed.service';
import { Direction, MovementReason } from '../ledger/ledger.enums';
import { LogTip } from '../ledger/log-tip';
import { movementConditions } from '../ledger/movement-visibility';
import { Alert } from '../licensing/alert.entity';
import { alertConditions } from '../licensing/alert-visibility';
import { AlertCode, AlertSeverity } from '../licensing/licensing.enums';
import { Notification } from '../supervision/notification.entity';
import { notificationConditions } from '../supervision/notification-visibility';
import { NotificationKind } from '../supervision/supervision.enums';
import { WebhookFilter } from './webhook-subscription.entity';
import { WebhookEvent } from './webhooks.enums';

/** One event read from a feed for a subscription: its id, place, the row it is and what is posted. */
export interface FeedEvent {
  eventId: string;
  type: string;
  position: string;
  ref: string;
  data: Record<string, unknown>;
}

/** A feed a webhook can follow, read with its owner's rights (the rules of the matching query). */
export interface WebhookSource {
  /** The conditions on the feed's rows; throws FORBIDDEN when the owner may not read the feed. */
  conditions(viewer: Viewer, filter: WebhookFilter): Record<string, unknown>[];
  /** Checks a client's position (BAD_USER_INPUT naming `field`) and normalises it. */
  position(value: string, field: readonly string[]): string;
  /** The position "from now": what is already there is not sent. */
  now(em: EntityManager): Promise<string>;
  read(em: EntityManager, viewer: Viewer, filter: WebhookFilter, after: string, limit: number): Promise<{ events: FeedEvent[]; next: string }>;
  /** Whether the owner may still read row `ref` (checked again before each attempt). */
  visible(em: EntityManager, viewer: Viewer, filter: WebhookFilter, ref: string): Promise<boolean>;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The entry as a webhook posts it: counterparty and waybill only to those the GraphQL fields serve them to. */
function entryData(entry: LedgerEntry, viewer: Viewer): Record<string, unknown> {
  const may = (m: Mandate) => viewer.role !== Role.PARTNER || viewerHolds(viewer, m);
  return {
    id: entry.id, chain: entry.chain, seq: entry.seq, hash: entry.hash, prevHash: entry.prevHash, direction: entry.direction, reason: entry.reason,
    warehouse: entry.warehouseCode, product: entry.productCode, batch: entry.batch, quantity: entry.quantity, unit: entry.unit,
    counterparty: may(Mandate.COUNTERPARTIES) ? (entry.counterpartyCode ?? null) : undefined,
    transportDoc: may(Mandate.WAYBILLS) ? (entry.transportDoc ?? null) : undefined,
    occurredAt: iso(entry.occurredAt), recordedAt: iso(entry.recordedAt),
  };
}

const movementFilter = (f: WebhookFilter) => ({ enterprise: f.enterprise, reason: (f.reason as MovementReason | null) ?? null, direction: null as Direction | null });

const ledger: WebhookSource = {
  conditions: (viewer, filter) => movementConditions(viewer, movementFilter(filter)),
  position: (value, field) => checkPosition(value, field).toString(),
  now: async (em) => (await new LogTip(em).read()).toString(),
  async read(em, viewer, filter, after, limit) {
    const { items, scannedTo } = await new LedgerFeedService(em).after(viewer, BigInt(after), movementFilter(filter), limit);
    return {
      events: items.map(({ position, entry }) => ({ eventId: `ledger-${position}`, type: 'ledger.entry', position, ref: entry.id, data: entryData(entry, viewer) })),
      next: scannedTo.toString(),
    };
  },
  visible: async (em, viewer, filter, ref) => (await em.count(LedgerEntry, { $and: [{ id: ref }, ...movementConditions(viewer, movementFilter(filter))] } as FilterQuery<LedgerEntry>)) > 0,
};

/** A feed read in commit order (db/commit-order.ts): alerts and notices. */
function commitSource<T extends { tx: string; id: string }>(
  entity: new () => T,
  name: string,
  conditions: (viewer: Viewer, filter: WebhookFilter) => Record<string, unknown>,
  data: (row: T) => Record<string, unknown>,
): WebhookSource {
  return {
    conditions: (viewer, filter) => [conditions(viewer, filter)],
    position: (value, field) => formatCommitCursor(parseCommitCursor(value, field)),
    now: async (em) => formatCommitCursor(await commitHorizonCursor(em)),
    async read(em, viewer, filter, after, limit) {
      const { rows, next } = await commitOrderPage(em, entity, [conditions(viewer, filter)], parseCommitCursor(after, ['cursor']), limit);
      return {
        events: rows.map((row) => {
          const position = formatCommitCursor(cursorOf(row));
          return { eventId: `${name}-${position}`, type: name, position, ref: row.id, data: data(row) };
        }),
        next: formatCommitCursor(next),
      };
    },
    visible: async (em, viewer, filter, ref) => (await em.count(entity, { $and: [{ id: ref }, conditions(viewer, filter)] } as FilterQuery<T>)) > 0,
  };
}

const alerts = commitSource(
  Alert,
  'alert',
  (viewer, f) => alertConditions(viewer, { enterprise: f.enterprise, severity: (f.severity as AlertSeverity | null) ?? null, code: null as AlertCode | null }),
  (a) => ({ id: a.id, code: a.code, severity: a.severity, status: a.status, chain: a.chain, entrySeq: a.entrySeq, entryHash: a.entryHash ?? null, activity: a.activity ?? null, message: a.message, occurredAt: iso(a.occurredAt), raisedAt: iso(a.raisedAt) }),
);

const notifications = commitSource(
  Notification,
  'notification',
  (viewer, f) => notificationConditions(viewer, { enterprise: f.enterprise, kind: (f.kind as NotificationKind | null) ?? null }),
  (n) => ({ id: n.id, kind: n.kind, severity: n.severity, audience: n.audience, title: n.title, payload: n.payload, createdAt: iso(n.createdAt) }),
);

export const WEBHOOK_SOURCES: Readonly<Record<WebhookEvent, WebhookSource>> = {
  [WebhookEvent.LEDGER_ENTRIES]: ledger,
  [WebhookEvent.ALERTS]: alerts,
  [WebhookEvent.NOTIFICATIONS]: notifications,
};
