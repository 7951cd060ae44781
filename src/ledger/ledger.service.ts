import { FilterQuery, QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertCanReadEnterprise, enterpriseScope, requireEnterprise } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { Config } from '../config';
import { paginate } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock, systemClock } from '../shared/clock';
import { AccessError } from '../shared/domain-error';
import { decodeCursor, Page, PageArgs, pageSize, toPage } from '../shared/page';
import { appendSubmission, lockChainHead, ProductRef, ResolvedReferences } from './ledger-append';
import { LedgerChain } from './ledger-chain.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { entryField, LedgerError } from './ledger.errors';
import { ShipmentSide } from './ledger.enums';
import { MovementsArgs, RecordMovementsInput, ShipmentsArgs } from './ledger.inputs';
import { MovementObserver } from './movement-observer';
import { movementConditions } from './movement-visibility';
import { checkSubmission, Submission } from './movement-submission';
import { preparedQuery, rawQuery } from '../db/raw-query';
import { Shipment } from './shipment.entity';
import { closeShipment, ShipmentClosing } from './shipment-closing';

export interface RecordedMovements {
  requestId: string;
  /** True when the requestId was already recorded with this content: nothing was appended. */
  replayed: boolean;
  entries: LedgerEntry[];
}

export interface ChainView {
  chain: string;
  enterpriseId: string;
  length: number;
  headHash: string;
}

const GENESIS = '0'.repeat(64);

interface ReferenceRows {
  enterprise: string | null;
  warehouses: { id: string; code: string }[] | null;
  products: (ProductRef & { code: string })[] | null;
  counterparties: { id: string; code: string }[] | null;
}

/**
 * A 1,000-entry append seals and writes for seconds under load, longer than the serving pool's
 * statement timeout allows a read; it still may not hold its chain's lock without bound.
 */
const APPEND_STATEMENT_TIMEOUT_MS = 60_000;

/** The stock-movement ledger: appends to hash chains, balances, shipments, movement queries. */
export class LedgerService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock = systemClock,
    private readonly config: Pick<Config, 'clockSkewMs'> = { clockSkewMs: 300_000 },
    private readonly observers: readonly MovementObserver[] = [],
  ) {}

  /**
   * Appends a submission to the caller's own chain, all or nothing, in order.
   * A retry with the same requestId and content returns the recorded entries.
   * With `closing` (a receipt by scan), the receipt also closes its shipment.
   */
  async recordMovements(viewer: Viewer, input: RecordMovementsInput, closing?: ShipmentClosing): Promise<RecordedMovements> {
    const chain = requireEnterprise(viewer);
    const submission = checkSubmission(input, this.clock.now(), this.config.clockSkewMs);
    const refs = await this.resolveReferences(chain, submission);
    return this.em.transactional(async (em) => {
      await rawQuery(em as EntityManager, `SET LOCAL statement_timeout = ${APPEND_STATEMENT_TIMEOUT_MS}`);
      const { head, prior } = await lockChainHead(em, chain, refs.enterprise.id, submission.requestId);
      if (prior) {
        if (prior.digest !== submission.digest) throw LedgerError.requestConflict(submission.requestId);
        return { requestId: submission.requestId, replayed: true, entries: await this.entriesOf(em, chain, prior.first_seq, prior.entry_count) };
      }
      const { appended, entries } = await appendSubmission(em as EntityManager, chain, head, submission, refs, this.clock.now());
      const closure = closing ? await closeShipment(em as EntityManager, closing, appended[0], this.clock.now()) : null;
      for (const observer of this.observers) await observer.afterAppend?.(em as EntityManager, appended);
      if (closure) for (const observer of this.observers) await observer.afterShipmentClosed?.(em as EntityManager, closure);
      return { requestId: submission.requestId, replayed: false, entries };
    });
  }

  private entriesOf(em: EntityManager, chain: string, firstSeq: number, count: number): Promise<LedgerEntry[]> {
    return em.find(LedgerEntry, { chain, seq: { $gte: firstSeq, $lt: firstSeq + count } }, { orderBy: { seq: QueryOrder.ASC } });
  }

  /** The enterprise, its warehouses, products (anyone's) and counterparties named by a submission: one query. */
  private async resolveReferences(chain: string, submission: Submission): Promise<ResolvedReferences> {
    const { movements } = submission;
    const json = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);
    const [found] = await preparedQuery<ReferenceRows>(
      this.em,
      'hz_append_references',
      `with e as (select id from enterprise where credit_code = ?)
       select (select id::text from e) as enterprise,
              (select json_agg(json_build_object('id', w.id::text, 'code', w.code)) from warehouse w
                 where w.enterprise_id = (select id from e) and w.code in (select jsonb_array_elements_text(?::jsonb))) as warehouses,
              (select json_agg(json_build_object('id', p.id::text, 'code', p.trace_code, 'unit', p.unit, 'chemicalSerial', p.chemical_serial)) from product p
                 where p.trace_code in (select jsonb_array_elements_text(?::jsonb))) as products,
              (select json_agg(json_build_object('id', c.id::text, 'code', c.credit_code)) from enterprise c
                 where c.credit_code in (select jsonb_array_elements_text(?::jsonb))) as counterparties`,
      [
        chain,
        json(movements.map((m) => m.warehouse)),
        json(movements.flatMap((m) => [m.product, ...(m.inputs ?? []).map((r) => r.product)])),
        json(movements.flatMap((m) => (m.counterparty ? [m.counterparty] : []))),
      ],
    );
    if (!found.enterprise) throw LedgerError.enterpriseNotFound(chain);
    const refs: ResolvedReferences = {
      enterprise: { id: found.enterprise },
      warehouses: new Map((found.warehouses ?? []).map((w) => [w.code, { id: w.id }])),
      products: new Map((found.products ?? []).map((p) => [p.code, { id: p.id, unit: p.unit, chemicalSerial: p.chemicalSerial }])),
      counterparties: new Map((found.counterparties ?? []).map((c) => [c.code, { id: c.id }])),
    };
    for (const m of movements) {
      if (!refs.warehouses.has(m.warehouse)) throw LedgerError.warehouseNotFound(m.index, m.warehouse);
      const product = refs.products.get(m.product);
      if (!product) throw LedgerError.productNotFound(entryField(m.index, 'product'), m.product);
      if (product.unit !== m.unit) {
        throw LedgerError.invalid(entryField(m.index, 'unit'), `Entry ${m.index}: product ${m.product} is counted in ${product.unit}, not ${m.unit}`);
      }
      (m.inputs ?? []).forEach((ref, j) => {
        if (!refs.products.has(ref.product)) throw LedgerError.productNotFound(entryField(m.index, 'inputs', j, 'product'), ref.product);
      });
    }
    return refs;
  }

  /**
   * Movements, newest last, as far as the viewer may read them (visibleEntries).
   */
  async movements(viewer: Viewer, args: MovementsArgs): Promise<Page<LedgerEntry>> {
    const where = movementConditions(viewer, args);
    if (args.occurredFrom) where.push({ occurredAt: { $gte: args.occurredFrom } });
    if (args.occurredTo) where.push({ occurredAt: { $lt: args.occurredTo } });
    return paginate<LedgerEntry>(this.em, LedgerEntry, (where.length ? { $and: where } : {}) as FilterQuery<LedgerEntry>, args);
  }

  /** A chain's head: regulators any, an enterprise its own. */
  async chain(viewer: Viewer, creditCode: string): Promise<ChainView> {
    checkCreditCode(creditCode, ['creditCode']);
    assertCanReadEnterprise(viewer, creditCode);
    if (viewer.role === Role.PARTNER) throw AccessError.forbidden('Partner departments read movements within their mandate, not whole chains');
    const enterprise = await this.em.findOne(Enterprise, { creditCode });
    if (!enterprise) throw LedgerError.chainNotFound(creditCode);
    const head = await this.em.findOne(LedgerChain, { chain: creditCode });
    return { chain: creditCode, enterpriseId: enterprise.id, length: head?.lastSeq ?? 0, headHash: head?.lastHash ?? GENESIS };
  }

  /** A chain's entries in seq order; the cursor is the seq. */
  async chainEntries(chain: ChainView, args: PageArgs): Promise<Page<LedgerEntry>> {
    const size = pageSize(args);
    const after = Number(decodeCursor(args.after) ?? 0);
    const rows =
      size === 0
        ? []
        : await this.em.find(LedgerEntry, { chain: chain.chain, seq: { $gt: after } }, { orderBy: { seq: QueryOrder.ASC }, limit: size + 1 });
    return toPage(rows, size, (e) => e.seq, chain.length, after > 0 ? String(after) : null);
  }

  /**
   * Shipments of an enterprise: SENT by it, AWAITED by it, or both; open only
   * by default. An enterprise token reads its own; regulators and partners
   * holding SHIPMENTS name the enterprise or read all.
   */
  async shipments(viewer: Viewer, args: ShipmentsArgs): Promise<Page<Shipment>> {
    if (args.enterprise) checkCreditCode(args.enterprise, ['enterprise']);
    const own = enterpriseScope(viewer, args.enterprise);
    const where: Record<string, unknown>[] = [];
    if (own) {
      const sent = { senderCode: own };
      const awaited = { receiverCode: own };
      where.push(args.side === ShipmentSide.SENT ? sent : args.side === ShipmentSide.AWAITED ? awaited : { $or: [sent, awaited] });
    }
    if (args.openOnly) where.push({ inTransit: { $gt: 0 } });
    return paginate<Shipment>(this.em, Shipment, (where.length ? { $and: where } : {}) as FilterQuery<Shipment>, args);
  }
}

export function checkCreditCode(value: string, field: ReadonlyArray<string | number>): string {
  if (!isValidCreditCode(value)) throw LedgerError.invalidArgument(field, `"${value}" is not a valid unified social credit code`);
  return value;
}
