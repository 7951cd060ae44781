import { EntityManager } from '@mikro-orm/postgresql';
import { Mandate, viewerHolds } from '../access/mandates';
import { Role, Viewer } from '../access/viewer';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Direction } from '../ledger/ledger.enums';
import { visibleEntries } from '../ledger/movement-visibility';
import { AccessError } from '../shared/domain-error';
import { EpcisEvent, epcisEventOf, EpcisVisibility, SEE_ALL } from './epcis-event';
import { hashOfEventId } from './epcis-identifiers';
import { EpcisParameters, EpcisQuery, pageTokenOf, parseEpcisQuery } from './epcis-query';
import { Page, PageArgs, pageSize } from '../shared/page';

/** A connection without totalCount: EPCIS pages carry none, and counting every match would cost a scan. */
export type EpcisConnection = Omit<Page<EpcisEvent>, 'totalCount'> & { nextPageToken: string | null };
import { ExchangeError } from './exchange.errors';

export interface EpcisPage {
  events: EpcisEvent[];
  /** The id of each event's entry, in order (GraphQL cursors). */
  entryIds: string[];
  /** Null on the last page. */
  nextPageToken: string | null;
}

/**
 * Ledger entries as EPCIS 2.0 events: the same rows a viewer may read through
 * `movements` (visibleEntries), in append order, with the fields its mandate opens.
 */
export class EpcisService {
  constructor(
    private readonly em: EntityManager,
    private readonly base: string,
  ) {}

  async events(viewer: Viewer, query: EpcisQuery): Promise<EpcisPage> {
    const visibility = visibilityOf(viewer);
    if (!visibility.counterparties && (query.sources || query.destinations)) {
      const field = query.sources ? 'EQ_source_owning_party' : 'EQ_destination_owning_party';
      throw AccessError.forbidden(`Department ${viewer.role === Role.PARTNER ? viewer.department : ''} may not read counterparties`, [field]);
    }
    const where = visibleEntries(viewer);
    if (query.kinds?.length === 0) return { events: [], entryIds: [], nextPageToken: null };
    if (query.kinds) where.push({ $or: query.kinds.map((k) => ({ reason: k.reason, direction: k.direction })) });
    const range = (from?: Date, before?: Date) => ({ ...(from ? { $gte: from } : {}), ...(before ? { $lt: before } : {}) });
    if (query.eventTime.from || query.eventTime.before) where.push({ occurredAt: range(query.eventTime.from, query.eventTime.before) });
    if (query.recordTime.from || query.recordTime.before) where.push({ recordedAt: range(query.recordTime.from, query.recordTime.before) });
    if (query.locations) where.push({ $or: query.locations.map((l) => ({ chain: l.chain, warehouseCode: l.warehouse })) });
    if (query.sources) where.push({ $or: query.sources.flatMap((p) => partyAt(p, Direction.OUT)) });
    if (query.destinations) where.push({ $or: query.destinations.flatMap((p) => partyAt(p, Direction.IN)) });
    if (query.hashes) where.push({ hash: { $in: query.hashes } });
    if (query.after) where.push({ id: { $gt: query.after } });

    const qb = this.em.createQueryBuilder(LedgerEntry, 'e').select('*').where({ $and: where }).orderBy({ id: 'asc' }).limit(query.perPage + 1);
    if (query.epcClasses) {
      const [sql, params] = epcClassCondition(query.epcClasses);
      qb.andWhere(sql, params);
    }
    const rows = await qb.getResultList();
    const page = rows.slice(0, query.perPage);
    return {
      events: page.map((e) => epcisEventOf(this.base, e, visibility)),
      entryIds: page.map((e) => e.id),
      nextPageToken: rows.length > query.perPage ? pageTokenOf(page[page.length - 1].id) : null,
    };
  }

  /** `epcisEvents` in GraphQL: the query argument holds EPCIS parameters, first/after page as everywhere in the API. */
  async connection(viewer: Viewer, params: EpcisParameters, args: PageArgs): Promise<EpcisConnection> {
    const size = pageSize(args);
    const query = parseEpcisQuery(this.base, { ...params, nextPageToken: args.after ?? undefined }, ['query']);
    const page = size === 0 ? { events: [], entryIds: [], nextPageToken: null } : await this.events(viewer, { ...query, perPage: size });
    const edges = page.events.map((node, i) => ({ cursor: pageTokenOf(page.entryIds[i]), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.nextPageToken !== null,
        hasPreviousPage: query.after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      nextPageToken: page.nextPageToken,
    };
  }

  /** One event by its eventID; one the viewer may not read is as absent as one that does not exist. */
  async event(viewer: Viewer, eventId: string): Promise<EpcisEvent> {
    const hash = hashOfEventId(eventId);
    if (!hash) throw ExchangeError.badParameter(['eventID'], `"${eventId}" is not an event ID of this ledger (ni:///sha-256;{hash})`);
    const where = visibleEntries(viewer);
    where.push({ hash });
    const entry = await this.em.findOne(LedgerEntry, { $and: where } as never);
    if (!entry) throw ExchangeError.noSuchEvent(eventId);
    return epcisEventOf(this.base, entry, visibilityOf(viewer));
  }
}

/** Regulators and enterprises see every field; a partner department what its mandate opens. */
export function visibilityOf(viewer: Viewer): EpcisVisibility {
  if (viewer.role !== Role.PARTNER) return SEE_ALL;
  return { counterparties: viewerHolds(viewer, Mandate.COUNTERPARTIES), waybills: viewerHolds(viewer, Mandate.WAYBILLS) };
}

/** Entries naming `party` as source (side OUT) or destination (side IN): its own entries with a counterparty, or others' naming it. */
function partyAt(party: string, side: Direction): Record<string, unknown>[] {
  const other = side === Direction.OUT ? Direction.IN : Direction.OUT;
  return [
    { chain: party, direction: side, counterpartyCode: { $ne: null } },
    { counterpartyCode: party, direction: other },
  ];
}

/** MATCH_anyEPCClass: the entry's own batch, or one of a production's inputs. */
function epcClassCondition(classes: { product: string; batch?: string }[]): [string, unknown[]] {
  const params: unknown[] = [];
  const own = classes.map((c) => {
    params.push(c.product, ...(c.batch === undefined ? [] : [c.batch]));
    return c.batch === undefined ? 'e.product_code = ?' : '(e.product_code = ? and e.batch = ?)';
  });
  const inputs = classes.map((c) => {
    params.push(c.product, ...(c.batch === undefined ? [] : [c.batch]));
    return c.batch === undefined ? 'p.trace_code = ?' : '(p.trace_code = ? and i.batch = ?)';
  });
  const sql = `(${own.join(' or ')} or exists (select 1 from ledger_production_input i join product p on p.id = i.product_id
    where i.entry_id = e.id and (${inputs.join(' or ')})))`;
  return [sql, params];
}
