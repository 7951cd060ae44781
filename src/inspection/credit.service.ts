import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertInArea } from '../access/jurisdiction';
import { assertRegulator, requireEnterprise } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock } from '../shared/clock';
import { AccessError, CommonCode, FieldPath } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { addDays, shanghaiDate } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { currentRiskGrades } from '../supervision/current-risk-grades';
import { RiskGrade } from '../supervision/supervision.enums';
import { CreditRepair } from './credit-repair.entity';
import { InspectionError } from './inspection.errors';
import { Inspection } from './inspection.entity';
import { assertInspectionJurisdiction, checkDate, checkId } from './inspection-rules';
import { PenaltyDecision } from './penalty-decision.entity';
import { CreditRepairStatus } from './penalty.enums';

export interface CreditReportLine {
  decision: PenaltyDecision;
  /** Still in its publicity period today. */
  public: boolean;
  repair: CreditRepair | null;
}

export interface CreditReport {
  enterprise: Enterprise;
  asOf: string;
  grade: RiskGrade | null;
  penalties: CreditReportLine[];
}

/**
 * Credit after a penalty (docs/inspection.md, "Credit repair"): the decision
 * carried out, the enterprise's repair application and its review, which ends
 * the publicity early; the public penalties of an enterprise; the credit
 * report (信用报告) that replaces a no-violation certificate.
 */
export class CreditService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  private async penalty(em: EntityManager, id: string, field: FieldPath): Promise<PenaltyDecision> {
    checkId(id, field);
    const decision = await em.findOne(PenaltyDecision, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!decision) throw new InspectionError(CommonCode.NOT_FOUND, `No penalty decision ${id}`, field);
    if (!decision.penalized) throw InspectionError.invalid(field, `Decision ${id} imposes no penalty`);
    return decision;
  }

  /** 履行完毕: a regulator records the day the decision was carried out. */
  async recordCarriedOut(viewer: Viewer, decisionId: string, on: string): Promise<PenaltyDecision> {
    assertRegulator(viewer);
    const day = checkDate(on, ['carriedOutOn']);
    if (day > this.today()) throw InspectionError.invalid(['carriedOutOn'], `${day} is in the future`);
    return this.em.transactional(async (em) => {
      const decision = await this.penalty(em, decisionId, ['decisionId']);
      await assertInspectionJurisdiction(em, viewer, await em.findOneOrFail(Inspection, { id: decision.inspection.id }), ['decisionId']);
      if (decision.carriedOutOn) throw InspectionError.conflict(`Decision ${decisionId} was carried out on ${decision.carriedOutOn}`, ['decisionId']);
      if (day < shanghaiDate(decision.decidedAt)) throw InspectionError.invalid(['carriedOutOn'], 'A decision is carried out after it is made');
      decision.carriedOutOn = day;
      return decision;
    });
  }

  /** The penalised enterprise applies, once per decision, once the decision is carried out and while it is still public. */
  async apply(viewer: Viewer, decisionId: string, statement: string): Promise<CreditRepair> {
    const own = requireEnterprise(viewer);
    const text = requiredText(statement, ['statement'], 4000);
    try {
      return await this.em.transactional(async (em) => {
        const decision = await this.penalty(em, decisionId, ['decisionId']);
        await em.populate(decision, ['inspection.enterprise']);
        const enterprise = decision.inspection.enterprise;
        if (enterprise.creditCode !== own) throw InspectionError.forbidden(`This token may not apply for the repair of decision ${decisionId}`, ['decisionId']);
        if (!decision.carriedOutOn) throw InspectionError.invalid(['decisionId'], `Decision ${decisionId} is not yet carried out: repair is applied for once it is`);
        if (!decision.publicUntil || decision.publicUntil < this.today()) throw InspectionError.invalid(['decisionId'], `Decision ${decisionId} is no longer public: nothing to repair`);
        const repair = em.create(CreditRepair, { decision, enterprise, statement: text, appliedBy: viewer.subject!, appliedAt: this.clock.now() } as never);
        await em.flush();
        return repair;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw InspectionError.conflict(`Decision ${decisionId} already has a repair application`, ['decisionId']);
      throw error;
    }
  }

  /** APPLIED → APPROVED (the publicity ends today) or REJECTED, with the reason. */
  async review(viewer: Viewer, repairId: string, approved: boolean, reason: string): Promise<CreditRepair> {
    assertRegulator(viewer);
    checkId(repairId, ['repairId']);
    const why = requiredText(reason, ['reason'], 2000);
    return this.em.transactional(async (em) => {
      const repair = await em.findOne(CreditRepair, { id: repairId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!repair) throw new InspectionError(CommonCode.NOT_FOUND, `No credit repair ${repairId}`, ['repairId']);
      const decided = await em.findOneOrFail(PenaltyDecision, { id: repair.decision.id }, { populate: ['inspection'] });
      await assertInspectionJurisdiction(em, viewer, decided.inspection, ['repairId']);
      const to = approved ? CreditRepairStatus.APPROVED : CreditRepairStatus.REJECTED;
      if (repair.status !== CreditRepairStatus.APPLIED) throw InspectionError.invalidTransition(`Credit repair ${repairId}`, repair.status, to, ['repairId']);
      repair.status = to;
      repair.reviewedBy = viewer.subject;
      repair.reviewedAt = this.clock.now();
      repair.reviewReason = why;
      if (approved) {
        const decision = await em.findOneOrFail(PenaltyDecision, { id: repair.decision.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        // Ended early: not public from today (Shanghai) on.
        const yesterday = addDays(this.today(), -1);
        if (decision.publicUntil! > yesterday) decision.publicUntil = yesterday;
      }
      return repair;
    });
  }

  private async enterprise(creditCode: string): Promise<Enterprise> {
    if (!isValidCreditCode(creditCode)) throw InspectionError.invalid(['creditCode'], `"${creditCode}" is not a valid credit code`);
    const enterprise = await this.em.findOne(Enterprise, { creditCode });
    if (!enterprise) throw InspectionError.enterpriseNotFound(creditCode, ['creditCode']);
    return enterprise;
  }

  private decisionsOf(enterprise: Enterprise): Promise<PenaltyDecision[]> {
    return this.em.find(PenaltyDecision, { penalized: true, inspection: { enterprise } }, { orderBy: { decidedAt: 'asc', id: 'asc' } });
  }

  /** Public (行政处罚信息公示): an enterprise's penalties still in their publicity period, oldest first. */
  async publicPenalties(creditCode: string, page: PageArgs, wants: PageWants): Promise<Page<PenaltyDecision>> {
    const enterprise = await this.enterprise(creditCode);
    return paginate(this.em, PenaltyDecision, { penalized: true, inspection: { enterprise }, publicUntil: { $gte: this.today() } }, page, wants);
  }

  /** 信用报告: every penalty with its publicity and repair, and the current grade; regulators and the enterprise itself. */
  async creditReport(viewer: Viewer, creditCode: string): Promise<CreditReport> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (!isRegulator(viewer) && !(viewer.role === Role.ENTERPRISE && viewer.enterprise === creditCode)) {
      throw InspectionError.forbidden(`This token may not read the credit report of ${creditCode}`, ['creditCode']);
    }
    const enterprise = await this.enterprise(creditCode);
    assertInArea(viewer, enterprise, ['creditCode']);
    const today = this.today();
    const decisions = await this.decisionsOf(enterprise);
    const repairs = decisions.length === 0 ? [] : await this.em.find(CreditRepair, { decision: { $in: decisions.map((d) => d.id) } });
    const grade = (await currentRiskGrades(this.em, [enterprise.id])).get(enterprise.id)?.grade ?? null;
    return {
      enterprise,
      asOf: today,
      grade,
      penalties: decisions.map((decision) => ({
        decision,
        public: decision.publicUntil != null && decision.publicUntil >= today,
        repair: repairs.find((r) => r.decision.id === decision.id) ?? null,
      })),
    };
  }
}
