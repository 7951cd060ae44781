import { FilterQuery, QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown, assertInArea } from '../access/jurisdiction';
import { assertCanReadEnterprise, enterpriseScope, requireEnterprise } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { Config } from '../config';
import { paginate } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock, systemClock } from '../shared/clock';
import { AccessError } from '../shared/domain-error';
import { decodeCursor, Page, PageArgs, pageSize, toPage } from '../shared/page';
import { lookUpReferences, referenceProblem } from './movement-references';
import { LedgerChain } from './ledger-chain.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerError } from './ledger.errors';
import { ShipmentSide } from './ledger.enums';
import { MovementsArgs, RecordMovementsInput, ShipmentsArgs } from './ledger.inputs';
import { MovementObserver } from './movement-observer';
import { movementConditions } from './movement-visibility';
import { checkSubmission } from './movement-submission';
import { Shipment } from './shipment.entity';
import { ShipmentClosing } from './shipment-closing';
import { drawShipmentCode } from '../proof/shipment-code';
import { appendInTransaction, RecordedMovements } from './append-transaction';
import { GroupCommit } from './group-commit';

export type { RecordedMovements };

export interface ChainView {
  chain: string;
  enterpriseId: string;
  length: number;
  headHash: string;
}

const GENESIS = '0'.repeat(64);

/** The stock-movement ledger: appends to hash chains, balances, shipments, movement queries. */
export class LedgerService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock = systemClock,
    private readonly config: Pick<Config, 'clockSkewMs'> = { clockSkewMs: 300_000 },
    private readonly observers: readonly MovementObserver[] = [],
    private readonly groupCommit?: GroupCommit,
    /** Draws each new shipment's code (src/proof/shipment-code.ts) outside a group; a test passes its own. */
    private readonly drawCode: () => string = drawShipmentCode,
  ) {}

  /**
   * Appends a submission to the caller's own chain, all or nothing, in order.
   * A retry with the same requestId and content returns the recorded entries.
   * With `closing` (a receipt by scan), the receipt also closes its shipment. With a GroupCommit, a small
   * submission is appended in a group with other chains' (group-commit.ts), with the same outcome.
   */
  async recordMovements(viewer: Viewer, input: RecordMovementsInput, closing?: ShipmentClosing): Promise<RecordedMovements> {
    const chain = requireEnterprise(viewer);
    const submission = checkSubmission(input, this.clock.now(), this.config.clockSkewMs);
    const refs = await lookUpReferences(this.em, chain, submission.movements);
    for (const m of submission.movements) {
      const problem = referenceProblem(m, refs);
      if (problem) throw problem;
    }
    const call = { chain, movements: submission.movements, submission, refs, closing };
    if (this.groupCommit?.takes(submission.movements.length)) return this.groupCommit.append(call, this.clock);
    const [result] = await appendInTransaction(this.em, [call], this.clock, this.observers, { drawCode: this.drawCode });
    if (result instanceof LedgerError) throw result;
    return result;
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
    assertInArea(viewer, enterprise, ['creditCode']);
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
    // A TOWN regulator's shipments leave from or come to its town; another town's enterprise named is refused.
    const town = areaTown(viewer);
    if (town !== undefined) {
      const named = args.enterprise ? await this.em.findOne(Enterprise, { creditCode: args.enterprise }) : null;
      if (named) assertInArea(viewer, named, ['enterprise']);
      where.push({ $or: [{ sender: { town } }, { receiver: { town } }] });
    }
    return paginate<Shipment>(this.em, Shipment, (where.length ? { $and: where } : {}) as FilterQuery<Shipment>, args);
  }
}

export function checkCreditCode(value: string, field: ReadonlyArray<string | number>): string {
  if (!isValidCreditCode(value)) throw LedgerError.invalidArgument(field, `"${value}" is not a valid unified social credit code`);
  return value;
}
