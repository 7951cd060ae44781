import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertInArea } from '../access/jurisdiction';
import { enterpriseWhere } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Enterprise } from '../registry/enterprise.entity';
import { Clock } from '../shared/clock';
import { AccessError, inputField } from '../shared/domain-error';
import { Page, PageArgs, pageOf } from '../shared/page';
import { optionalText, requiredText } from '../shared/text-input';
import { ChecklistItem } from './checklist-item.entity';
import { EnforcementPlan } from './enforcement-plan.entity';
import { Finding } from './finding.entity';
import { Inspection } from './inspection.entity';
import { FindingStatus, InspectionStatus, MAX_CHECKLIST_ITEMS, PlanStatus } from './inspection.enums';
import { InspectionCode, InspectionError } from './inspection.errors';
import { AddChecklistItemInput, InspectionFilter, RecordChecklistResultInput, StartInspectionInput } from './inspection.inputs';
import { checkId, checklistInput, inspectionForPart, inspectionForWrite, inspectorsInput, moveInspection, requireStatus } from './inspection-rules';
import { PenaltyDecision } from './penalty-decision.entity';
import { ThirdPartyAdvice, ThirdPartyAdviceStatus } from './third-party.entity';

/**
 * Inspections and their checklists: reading them, and the lifecycle from
 * PLANNED to CLOSED or CANCELLED with the on-site record (现场检查记录). Every
 * write is a regulator's. Findings and penalties are their own stages
 * (FindingService, PenaltyService); closing checks both.
 */
export class InspectionService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  // ---- Reading ---------------------------------------------------------------

  /** An inspection by id, `field` naming the argument in a refusal: a TOWN regulator's are its town's. */
  async inspection(viewer: Viewer, id: string, field: ReadonlyArray<string | number> = ['id']): Promise<Inspection> {
    checkId(id, field);
    const inspection = await this.em.findOne(Inspection, { id }, { populate: ['enterprise'] });
    if (!inspection) throw InspectionError.inspectionNotFound(id);
    this.assertCanRead(viewer, inspection, field);
    return inspection;
  }

  /** Regulators read all; an enterprise its own; a partner department those it takes part in. */
  async inspections(viewer: Viewer, filter: InspectionFilter, page: PageArgs): Promise<Page<Inspection>> {
    if (filter.enterprise && !isValidCreditCode(filter.enterprise)) throw InspectionError.invalid(['enterprise'], `"${filter.enterprise}" is not a valid credit code`);
    const where: FilterQuery<Inspection> = {};
    const enterprise = enterpriseWhere(viewer, filter.enterprise);
    if (enterprise) where.enterprise = enterprise;
    if (viewer.role === Role.PARTNER) where.departments = { $contains: [viewer.department] };
    if (filter.year != null) where.year = filter.year;
    if (filter.status) where.status = filter.status as InspectionStatus;
    if (filter.type) where.type = filter.type;
    if (filter.enforcingLevel) where.enforcingLevel = filter.enforcingLevel;
    if (filter.planId) where.plan = checkId(filter.planId, ['planId']);
    return paginate(this.em, Inspection, where, page);
  }

  /** Enterprise.inspections: a regulator any enterprise's history, an enterprise its own. Rows come batched. */
  inspectionHistory(viewer: Viewer, enterprise: Enterprise, rows: Inspection[], args: PageArgs & { year?: number | null }): Page<Inspection> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (!isRegulator(viewer) && !(viewer.role === Role.ENTERPRISE && viewer.enterprise === enterprise.creditCode)) {
      throw InspectionError.forbidden(`This token may not read the inspections of enterprise ${enterprise.creditCode}`);
    }
    return pageOf(args.year == null ? rows : rows.filter((r) => r.year === args.year), args);
  }

  private assertCanRead(viewer: Viewer, inspection: Inspection, field: ReadonlyArray<string | number>): void {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (isRegulator(viewer)) return assertInArea(viewer, inspection.enterprise, field);
    if (viewer.role === Role.ENTERPRISE && viewer.enterprise === inspection.enterprise.creditCode) return;
    if (viewer.role === Role.PARTNER && inspection.departments.includes(viewer.department)) return;
    throw InspectionError.forbidden(`This token may not read inspection ${inspection.id}`, field);
  }

  // ---- The lifecycle and the checklist ---------------------------------------

  async addChecklistItem(viewer: Viewer, input: AddChecklistItemInput): Promise<ChecklistItem> {
    return this.em.transactional(async (em) => {
      const { inspection, department } = await inspectionForPart(em, viewer, input.inspectionId, inputField('inspectionId'));
      requireStatus(inspection, [InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS], 'adding a checklist item', inputField('inspectionId'));
      const [item] = checklistInput([input], inputField());
      const count = await em.count(ChecklistItem, { inspection });
      if (count >= MAX_CHECKLIST_ITEMS) throw InspectionError.invalid(inputField(), `An inspection has at most ${MAX_CHECKLIST_ITEMS} checklist items`);
      // A plan changed before the start is approved again.
      if (inspection.status === InspectionStatus.PLANNED) {
        inspection.onSitePlanApprovedAt = null;
        inspection.onSitePlanApprovedBy = null;
      }
      return em.create(ChecklistItem, { inspection, position: count + 1, item: item.item, basis: item.basis, department } as never);
    });
  }

  /** PLANNED → IN_PROGRESS: the plan (if any) is published, two officers are named, the on-site plan is not empty and approved. */
  async startInspection(viewer: Viewer, input: StartInspectionInput): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, input.id, inputField('id'));
      moveInspection(inspection, InspectionStatus.IN_PROGRESS);
      if (input.inspectors) inspection.inspectors = inspectorsInput(input.inspectors, inputField('inspectors'));
      if (inspection.inspectors.length < 2) throw InspectionError.invalid(inputField('inspectors'), 'An inspection is made by at least two enforcement officers');
      if (inspection.plan) {
        const plan = await em.findOneOrFail(EnforcementPlan, { id: inspection.plan.id });
        if (plan.status !== PlanStatus.PUBLISHED) throw InspectionError.planNotPublished(plan.id, plan.status);
      }
      if ((await em.count(ChecklistItem, { inspection })) === 0) {
        throw InspectionError.invalid(['id'], 'An inspection starts with an on-site plan: add checklist items first');
      }
      if (!inspection.onSitePlanApprovedAt) {
        throw new InspectionError(InspectionCode.ON_SITE_PLAN_NOT_APPROVED, `The on-site plan of inspection ${inspection.id} is not approved (approveOnSitePlan)`, ['id']);
      }
      inspection.startedAt = this.clock.now();
      return inspection;
    });
  }

  /** The bureau records any item; a partner department only its own items of a JOINT inspection. */
  async recordChecklistResult(viewer: Viewer, input: RecordChecklistResultInput): Promise<ChecklistItem> {
    const field = inputField('checklistItemId');
    checkId(input.checklistItemId, field);
    return this.em.transactional(async (em) => {
      const item = await em.findOne(ChecklistItem, { id: input.checklistItemId });
      if (!item) throw InspectionError.checklistItemNotFound(input.checklistItemId, field);
      const { inspection, department } = await inspectionForPart(em, viewer, item.inspection.id, field);
      if (department && item.department !== department) throw InspectionError.forbidden(`Checklist item ${item.id} is not department ${department}'s part`, field);
      requireStatus(inspection, [InspectionStatus.IN_PROGRESS], 'recording a result', field);
      item.result = input.result;
      item.note = optionalText(input.note, inputField('note'), 2000);
      item.recordedAt = this.clock.now();
      item.recordedBy = viewer.subject;
      return item;
    });
  }

  /** IN_PROGRESS → COMPLETED once every checklist item has a result and every MANDATORY third-party advice is confirmed or dismissed. */
  async completeInspection(viewer: Viewer, id: string): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, id);
      moveInspection(inspection, InspectionStatus.COMPLETED);
      const pending = await em.count(ChecklistItem, { inspection, result: null });
      if (pending > 0) throw InspectionError.checklistIncomplete(pending);
      const advice = await em.count(ThirdPartyAdvice, { inspection, status: ThirdPartyAdviceStatus.PENDING_CONFIRMATION });
      if (advice > 0) throw InspectionError.advicePending(advice);
      inspection.completedAt = this.clock.now();
      return inspection;
    });
  }

  /** COMPLETED → CLOSED once every finding is re-checked as rectified and the penalty decision is recorded. */
  async closeInspection(viewer: Viewer, id: string): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, id);
      moveInspection(inspection, InspectionStatus.CLOSED);
      const outstanding = await em.count(Finding, { inspection, status: { $ne: FindingStatus.VERIFIED } });
      if (outstanding > 0) throw InspectionError.notReadyToClose(`${outstanding} finding(s) not yet re-checked as rectified`, { outstandingFindings: outstanding });
      if ((await em.count(PenaltyDecision, { inspection })) === 0) {
        throw InspectionError.notReadyToClose('The penalty decision (or the decision not to penalise) is not recorded', { penaltyDecision: false });
      }
      inspection.closedAt = this.clock.now();
      return inspection;
    });
  }

  /** PLANNED or IN_PROGRESS → CANCELLED, with a reason; a cancelled inspection no longer counts against the cap. */
  async cancelInspection(viewer: Viewer, id: string, reason: string): Promise<Inspection> {
    const why = requiredText(reason, ['reason'], 500);
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, id);
      moveInspection(inspection, InspectionStatus.CANCELLED);
      inspection.cancelReason = why;
      inspection.cancelledAt = this.clock.now();
      return inspection;
    });
  }

}
