import { randomInt } from 'node:crypto';
import { optionalText, requiredText } from '../shared/text-input';
import { FilterQuery, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator, enterpriseScope, requireEnterprise } from '../access/policy';
import { Department, isRegulator, Role, Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { CalendarDay } from '../licensing/calendar-day.entity';
import { isValidCreditCode } from '../proof/credit-code';
import { generateInspectionCode, inspectionCodeProblem, normalizeInspectionCode } from '../proof/inspection-code';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel, EnterpriseStatus } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { AccessError } from '../shared/domain-error';
import { decodeCursor, Page, PageArgs, pageOf, pageSize, toPage } from '../shared/page';
import { currentRiskGrades } from '../supervision/current-risk-grades';
import { GroupSelfSupervision } from '../supervision/group-self-supervision.entity';
import { ChecklistItem } from './checklist-item.entity';
import { EnforcementPlan, StoredDraftLine } from './enforcement-plan.entity';
import { Finding } from './finding.entity';
import { InspectionEvaluation } from './inspection-evaluation.entity';
import { Inspection } from './inspection.entity';
import {
  FindingStatus,
  InspectionStatus,
  InspectionType,
  MAX_CHECKLIST_ITEMS,
  PLANNED_TYPES,
  PlanDraftOutcome,
  PlanStatus,
  TRIGGERED_TYPES,
  YEARLY_INSPECTION_CAP,
} from './inspection.enums';
import { InspectionCode, InspectionError } from './inspection.errors';
import {
  AddChecklistItemInput,
  ChecklistItemInput,
  CreateEnforcementPlanInput,
  DraftEnforcementPlanInput,
  EvaluateInspectionInput,
  InspectionFilter,
  RecheckFindingInput,
  RecordChecklistResultInput,
  RecordFindingInput,
  RecordPenaltyDecisionInput,
  RecordRectificationInput,
  ScheduleInspectionInput,
  StartInspectionInput,
} from './inspection.inputs';
import { PenaltyDecision } from './penalty-decision.entity';
import { PlanDraftLine, PlanDraftResult } from './plan-draft';
import { draftIntent, draftOrder, draftWindow, effectiveTreatment, GradeView, spreadDates } from './plan-draft-rules';
import { PublicInspection, toPublicInspection } from './public-inspection';
import { isCalendarDate, shanghaiDate, yearOf } from '../shared/shanghai-calendar';

type Field = ReadonlyArray<string | number>;

/** CITY > DISTRICT > TOWN. */
const RANK: Record<EnforcementLevel, number> = { [EnforcementLevel.CITY]: 3, [EnforcementLevel.DISTRICT]: 2, [EnforcementLevel.TOWN]: 1 };

/** The lifecycle: which status may follow which. */
const NEXT: Record<InspectionStatus, readonly InspectionStatus[]> = {
  [InspectionStatus.PLANNED]: [InspectionStatus.IN_PROGRESS, InspectionStatus.CANCELLED],
  [InspectionStatus.IN_PROGRESS]: [InspectionStatus.COMPLETED, InspectionStatus.CANCELLED],
  [InspectionStatus.COMPLETED]: [InspectionStatus.CLOSED],
  [InspectionStatus.CLOSED]: [],
  [InspectionStatus.CANCELLED]: [],
};

/** What the public sees: a plan is public from its approval (公示); PUBLISHED adds the start of its inspections. */
const PUBLIC_PLAN_STATUSES: readonly PlanStatus[] = [PlanStatus.APPROVED, PlanStatus.PUBLISHED];

const PLAN_NEXT: Record<PlanStatus, PlanStatus | null> = {
  [PlanStatus.DRAFT]: PlanStatus.APPROVED,
  [PlanStatus.APPROVED]: PlanStatus.PUBLISHED,
  [PlanStatus.PUBLISHED]: null,
};

const LEVEL_NAME: Record<EnforcementLevel, string> = { [EnforcementLevel.CITY]: '市级', [EnforcementLevel.DISTRICT]: '区级', [EnforcementLevel.TOWN]: '街镇级' };

function byId(a: { enterpriseId: string }, b: { enterpriseId: string }): number {
  const x = BigInt(a.enterpriseId);
  const y = BigInt(b.enterpriseId);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** How many inspections an enterprise has in a year, and what a further one would need. */
export interface InspectionCapStatus {
  year: number;
  /** Non-cancelled inspections scheduled in the year, of every type. */
  count: number;
  /** 2 − count, never below 0. */
  remaining: number;
  /** A further inspection needs a justification (it would be the second). */
  justificationRequired: boolean;
  /** A KEY_UNIT inspection is already scheduled or done this year. */
  keyUnitCovered: boolean;
}

export interface KeyUnitCoverageFilter {
  year: number;
  level?: EnforcementLevel | null;
  /** Count only COMPLETED or CLOSED KEY_UNIT inspections as coverage (default: any not cancelled). */
  completedOnly?: boolean | null;
}



function checkId(value: string, field: Field): string {
  if (!/^[1-9]\d{0,17}$/.test(String(value))) throw InspectionError.invalid(field, `"${value}" is not an id`);
  return String(value);
}

function checkDate(value: string, field: Field): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) throw InspectionError.invalid(field, `"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

/**
 * Enforcement plans, inspections and everything recorded on them. Every write
 * is a regulator's (ADMIN or REGULATOR), except an enterprise reporting its own
 * rectification and evaluating its own inspection. Time comes from the clock.
 */
export class InspectionService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    /** Uniform integer in [0, n): the source of inspection codes. */
    private readonly randomBelow: (n: number) => number = randomInt,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  // ---- Enforcement plans -------------------------------------------------

  private checkPlanYear(year: number): void {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw InspectionError.invalid(['input', 'year'], 'year must be between 2000 and 2100');
    if (year < yearOf(this.today())) throw InspectionError.invalid(['input', 'year'], `A plan for ${year} is in the past`);
  }

  async createPlan(viewer: Viewer, input: CreateEnforcementPlanInput): Promise<EnforcementPlan> {
    assertRegulator(viewer);
    this.checkPlanYear(input.year);
    const plan = this.em.create(EnforcementPlan, {
      level: input.level,
      year: input.year,
      title: requiredText(input.title, ['input', 'title'], 200),
      createdBy: viewer.subject!,
      createdAt: this.clock.now(),
    } as never);
    await this.em.persistAndFlush(plan);
    return plan;
  }

  approvePlan(viewer: Viewer, id: string): Promise<EnforcementPlan> {
    return this.advancePlan(viewer, id, PlanStatus.APPROVED);
  }

  publishPlan(viewer: Viewer, id: string): Promise<EnforcementPlan> {
    return this.advancePlan(viewer, id, PlanStatus.PUBLISHED);
  }

  private async advancePlan(viewer: Viewer, id: string, to: PlanStatus): Promise<EnforcementPlan> {
    assertRegulator(viewer);
    checkId(id, ['id']);
    return this.em.transactional(async (em) => {
      const plan = await em.findOne(EnforcementPlan, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!plan) throw InspectionError.planNotFound(id, ['id']);
      if (PLAN_NEXT[plan.status] !== to) throw InspectionError.invalidTransition(`Plan ${id}`, plan.status, to);
      plan.status = to;
      if (to === PlanStatus.APPROVED) {
        plan.approvedAt = this.clock.now();
        plan.approvedBy = viewer.subject;
      } else {
        plan.publishedAt = this.clock.now();
      }
      return plan;
    });
  }

  /** Regulators read every plan; anyone else, anonymous included, approved and published ones: a plan is public once approved. */
  async plan(viewer: Viewer, id: string): Promise<EnforcementPlan> {
    checkId(id, ['id']);
    const plan = await this.em.findOne(EnforcementPlan, { id });
    if (!plan || (!isRegulator(viewer) && !PUBLIC_PLAN_STATUSES.includes(plan.status))) throw InspectionError.planNotFound(id, ['id']);
    return plan;
  }

  async plans(viewer: Viewer, filter: { year?: number | null; level?: EnforcementLevel | null }, page: PageArgs): Promise<Page<EnforcementPlan>> {
    const where: FilterQuery<EnforcementPlan> = {};
    if (!isRegulator(viewer)) where.status = { $in: [...PUBLIC_PLAN_STATUSES] };
    if (filter.year != null) where.year = filter.year;
    if (filter.level) where.level = filter.level;
    return paginate(this.em, EnforcementPlan, where, page);
  }

  // ---- Drafting a plan from the risk grades ------------------------------------

  /**
   * Drafts the plan of a level and year (a new DRAFT plan, or more inspections
   * in a DRAFT one) from the enterprises of that level and their latest risk
   * grades: a KEY_UNIT inspection for every key unit; otherwise A a
   * FULL_CHECKUP, B a KEY_SPOT_CHECK, C a HELP_VISIT, D nothing, and nothing
   * for a self-supervising group's B or C subsidiary. Every inspection goes
   * through `proposeInspection` (level, key-unit coverage, yearly cap under
   * its lock); an enterprise at the cap is reported CAPPED. Dates are spread
   * over the working days left in the year, highest risk first. One
   * transaction: the plan row is locked, so two drafts of one plan run one
   * after the other, and re-drafting adds only what is missing. Every
   * enterprise of the level gets a line in `plan.draftReport` saying why.
   */
  async draftPlan(viewer: Viewer, input: DraftEnforcementPlanInput): Promise<PlanDraftResult> {
    assertRegulator(viewer);
    const f = (name: string): Field => ['input', name];
    if (!Object.values(EnforcementLevel).includes(input.level)) throw InspectionError.invalid(f('level'), `"${input.level}" is not a level`);
    this.checkPlanYear(input.year);
    const window = draftWindow(this.today(), input.year);
    if (!window) throw InspectionError.invalid(f('year'), `Too late to draft a plan for ${input.year}: none of it can still be announced`);
    const planId = input.planId ? checkId(input.planId, f('planId')) : null;
    const title = planId ? null : (optionalText(input.title, f('title'), 200) ?? `${input.year}年度危险化学品监督检查计划（${LEVEL_NAME[input.level]}）`);

    return this.em.transactional(async (em) => {
      const now = this.clock.now();
      let plan: EnforcementPlan;
      if (planId) {
        const found = await em.findOne(EnforcementPlan, { id: planId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['draftReport'] });
        if (!found) throw InspectionError.planNotFound(planId, f('planId'));
        if (found.level !== input.level || found.year !== input.year) {
          throw InspectionError.invalid(f('planId'), `Plan ${planId} is the ${found.level} plan for ${found.year}, not the ${input.level} plan for ${input.year}`);
        }
        if (found.status !== PlanStatus.DRAFT) throw InspectionError.planNotEditable(planId, found.status, f('planId'));
        plan = found;
      } else {
        plan = em.create(EnforcementPlan, { level: input.level, year: input.year, title: title!, createdBy: viewer.subject!, createdAt: now } as never);
        await em.flush();
      }

      const enterprises = await em.find(Enterprise, { enforcementLevel: plan.level, status: { $ne: EnterpriseStatus.CLOSED } }, { orderBy: { id: 'asc' } });
      const grades = await currentRiskGrades(em, enterprises.map((e) => e.id));
      const groups = [...new Set(enterprises.filter((e) => e.parent && grades.get(e.id)?.groupExempt).map((e) => e.parent!.id))];
      const inForce = new Set(
        (groups.length === 0 ? [] : await em.find(GroupSelfSupervision, { group: { $in: groups }, revokedAt: null, since: { $lte: now } })).map((g) => g.group.id),
      );
      const yearRows: { id: string; enterprise_id: string; type: InspectionType; plan_id: string | null; scheduled_date: string }[] = await em.execute(
        `select id::text as id, enterprise_id::text as enterprise_id, type, plan_id::text as plan_id, scheduled_date::text as scheduled_date
           from inspection where year = ? and status <> 'CANCELLED' order by id`,
        [plan.year],
      );
      const held = new Map<string, typeof yearRows>();
      for (const r of yearRows) held.set(r.enterprise_id, [...(held.get(r.enterprise_id) ?? []), r]);
      const prior = new Map((plan.draftReport ?? []).map((l) => [l.enterpriseId, l]));

      const lines = new Map<string, StoredDraftLine>();
      type Write = (outcome: PlanDraftOutcome, reason: string, type: InspectionType | null, inspection?: { id: string; scheduledDate: string }) => void;
      const candidates: { enterprise: Enterprise; grade: GradeView | null; type: InspectionType; reason: string; before: number; write: Write }[] = [];
      for (const e of enterprises) {
        const g = grades.get(e.id);
        const grade: GradeView | null = g ? { grade: g.grade, score: g.score, treatment: g.treatment, groupExempt: g.groupExempt, gradedOn: shanghaiDate(g.gradedAt) } : null;
        const undertaking = !!e.parent && inForce.has(e.parent.id);
        const applied = grade ? effectiveTreatment(grade, undertaking) : null;
        const rows = held.get(e.id) ?? [];
        const write: Write = (outcome, reason, type, inspection) =>
          lines.set(e.id, {
            enterpriseId: e.id,
            outcome,
            type,
            keyUnit: e.keyUnit,
            grade: grade?.grade ?? null,
            score: grade?.score ?? null,
            treatment: applied?.treatment ?? null,
            groupExempt: applied?.groupExempt ?? false,
            inspectionId: inspection?.id ?? null,
            scheduledDate: inspection?.scheduledDate ?? null,
            inspectionsBefore: rows.length,
            reason,
          });
        const intent = draftIntent({ keyUnit: e.keyUnit, grade, groupUndertakingInForce: undertaking });
        const inPlan = rows.find((r) => r.plan_id === plan.id);
        if (inPlan) {
          const was = prior.get(e.id);
          const reason =
            was?.inspectionId === inPlan.id ? (was.outcome === PlanDraftOutcome.DRAFTED ? `Drafted earlier: ${was.reason}` : was.reason) : `The plan already holds its ${inPlan.type} inspection; ${intent.reason}`;
          write(PlanDraftOutcome.ALREADY_IN_PLAN, reason, inPlan.type, { id: inPlan.id, scheduledDate: inPlan.scheduled_date });
          continue;
        }
        if (intent.type === null) {
          write(intent.outcome, intent.reason, null);
          continue;
        }
        const keyUnitInspection = rows.find((r) => r.type === InspectionType.KEY_UNIT);
        if (intent.type === InspectionType.KEY_UNIT && keyUnitInspection) {
          write(PlanDraftOutcome.KEY_UNIT_COVERED, `${intent.reason}; its KEY_UNIT inspection for ${plan.year} is already scheduled or done`, intent.type, {
            id: keyUnitInspection.id,
            scheduledDate: keyUnitInspection.scheduled_date,
          });
          continue;
        }
        if (rows.length >= YEARLY_INSPECTION_CAP) {
          write(PlanDraftOutcome.CAPPED, `${intent.reason}; not drafted: ${rows.length} inspections in ${plan.year} already, the yearly cap`, intent.type);
          continue;
        }
        candidates.push({ enterprise: e, grade, type: intent.type, reason: intent.reason, before: rows.length, write });
      }

      candidates.sort((a, b) =>
        draftOrder({ id: a.enterprise.id, keyUnit: a.enterprise.keyUnit, grade: a.grade?.grade ?? null }, { id: b.enterprise.id, keyUnit: b.enterprise.keyUnit, grade: b.grade?.grade ?? null }),
      );
      const calendar = await em.find(CalendarDay, { date: { $gte: window.from, $lte: window.to } });
      const dates = spreadDates(candidates.length, window.from, window.to, new Map(calendar.map((d) => [d.date, d.working])));
      const scheduler = new InspectionService(em, this.clock, this.randomBelow);
      for (const [i, c] of candidates.entries()) {
        try {
          const inspection = await scheduler.proposeInspection(
            {
              enterprise: c.enterprise.creditCode,
              type: c.type,
              enforcingLevel: plan.level,
              scheduledDate: dates[i],
              planId: plan.id,
              // The cap allows a second inspection with a recorded reason: the treatment is it.
              justification: c.before >= 1 ? `${plan.year} annual plan: ${c.reason}` : null,
            },
            viewer.subject!,
          );
          c.write(PlanDraftOutcome.DRAFTED, c.reason, c.type, inspection);
        } catch (error) {
          if (!(error instanceof InspectionError)) throw error;
          if (error.code === InspectionCode.INSPECTION_CAP_REACHED) {
            c.write(PlanDraftOutcome.CAPPED, `${c.reason}; not drafted: the yearly cap was reached meanwhile`, c.type);
          } else if (error.code === InspectionCode.KEY_UNIT_ALREADY_COVERED) {
            c.write(PlanDraftOutcome.KEY_UNIT_COVERED, `${c.reason}; its KEY_UNIT inspection for ${plan.year} was scheduled meanwhile`, c.type);
          } else {
            c.write(PlanDraftOutcome.REFUSED, `${c.reason}; refused: ${error.message}`, c.type);
          }
        }
      }

      const report = [...lines.values()].sort(byId);
      plan.draftReport = report;
      plan.draftedAt = now;
      plan.draftedBy = viewer.subject;
      await em.flush();
      const count = (outcome: PlanDraftOutcome) => report.filter((l) => l.outcome === outcome).length;
      return {
        plan,
        enterprises: enterprises.length,
        drafted: count(PlanDraftOutcome.DRAFTED),
        alreadyInPlan: count(PlanDraftOutcome.ALREADY_IN_PLAN),
        keyUnitCovered: count(PlanDraftOutcome.KEY_UNIT_COVERED),
        capped: count(PlanDraftOutcome.CAPPED),
        groupExempt: count(PlanDraftOutcome.GROUP_EXEMPT),
        noDisturbance: count(PlanDraftOutcome.NO_DISTURBANCE),
        notGraded: count(PlanDraftOutcome.NOT_GRADED),
        refused: count(PlanDraftOutcome.REFUSED),
      };
    });
  }

  /** The last draft's report of a plan, one line per enterprise, paged by enterprise id: regulators only. */
  async draftReport(viewer: Viewer, planId: string, filter: { outcome?: PlanDraftOutcome | null }, page: PageArgs): Promise<Page<PlanDraftLine>> {
    assertRegulator(viewer);
    checkId(planId, ['id']);
    const plan = await this.em.findOne(EnforcementPlan, { id: planId }, { populate: ['draftReport'] });
    if (!plan) throw InspectionError.planNotFound(planId, ['id']);
    const lines = (plan.draftReport ?? []).filter((l) => !filter.outcome || l.outcome === filter.outcome) as PlanDraftLine[];
    const size = pageSize(page);
    const after = decodeCursor(page.after);
    const rest = after === null ? lines : lines.filter((l) => BigInt(l.enterpriseId) > BigInt(after));
    return toPage(rest.slice(0, size + 1), size, (l) => l.enterpriseId, lines.length, after);
  }

  // ---- Scheduling and the yearly cap ---------------------------------------

  /** A regulator schedules an inspection; every rule of `proposeInspection` applies. */
  async scheduleInspection(viewer: Viewer, input: ScheduleInspectionInput): Promise<Inspection> {
    assertRegulator(viewer);
    return this.proposeInspection(input, viewer.subject!);
  }

  /**
   * Creates a PLANNED inspection, enforcing every scheduling rule; for jobs,
   * `actor` is recorded as its author (e.g. `job:triggered-supervision`).
   * Race-safe: an advisory lock per enterprise and year serialises the count.
   * Throws InspectionError: WRONG_ENFORCEMENT_LEVEL, KEY_UNIT_ALREADY_COVERED,
   * JUSTIFICATION_REQUIRED, INSPECTION_CAP_REACHED, PLAN_NOT_EDITABLE,
   * BAD_USER_INPUT, NOT_FOUND, CONFLICT (closed enterprise).
   */
  async proposeInspection(input: ScheduleInspectionInput, actor: string): Promise<Inspection> {
    const f = (name: string): Field => ['input', name];
    if (!isValidCreditCode(input.enterprise)) throw InspectionError.invalid(f('enterprise'), `"${input.enterprise}" is not a valid credit code`);
    if (!Object.values(InspectionType).includes(input.type)) throw InspectionError.invalid(f('type'), `"${input.type}" is not an inspection type`);
    const scheduledDate = checkDate(input.scheduledDate, f('scheduledDate'));
    if (scheduledDate < this.today()) throw InspectionError.invalid(f('scheduledDate'), `${scheduledDate} is in the past (today is ${this.today()} in Shanghai)`);
    const year = yearOf(scheduledDate);
    const departments = this.departments(input.departments ?? [], f('departments'));
    if (input.type === InspectionType.JOINT && departments.length === 0) {
      throw InspectionError.invalid(f('departments'), 'A JOINT inspection names at least one department taking part');
    }
    const inspectors = this.inspectors(input.inspectors ?? [], f('inspectors'));
    const checklist = this.checklist(input.checklist ?? [], f('checklist'));
    const justification = optionalText(input.justification, f('justification'), 2000);
    const trigger = optionalText(input.trigger, f('trigger'), 500);
    if (TRIGGERED_TYPES.includes(input.type) && !trigger) {
      throw InspectionError.invalid(f('trigger'), `A ${input.type} inspection names what triggered it (alert, complaint or referral)`);
    }
    const planned = PLANNED_TYPES.includes(input.type);
    if (planned && !input.planId) throw InspectionError.invalid(f('planId'), `A ${input.type} inspection belongs to an enforcement plan: give planId`);
    const planId = input.planId ? checkId(input.planId, f('planId')) : null;

    const enterprise = await this.em.findOne(Enterprise, { creditCode: input.enterprise });
    if (!enterprise) throw InspectionError.enterpriseNotFound(input.enterprise, f('enterprise'));
    if (enterprise.status === EnterpriseStatus.CLOSED) throw InspectionError.enterpriseClosed(enterprise.creditCode, f('enterprise'));
    const supervisory = input.type === InspectionType.SUPERVISORY;
    const levelOk = supervisory
      ? RANK[input.enforcingLevel] > RANK[enterprise.enforcementLevel]
      : input.enforcingLevel === enterprise.enforcementLevel;
    if (!levelOk) throw InspectionError.wrongLevel(f('enforcingLevel'), enterprise.enforcementLevel, input.enforcingLevel, supervisory);
    if (input.type === InspectionType.KEY_UNIT && !enterprise.keyUnit) {
      throw InspectionError.invalid(f('type'), `Enterprise ${enterprise.creditCode} is not a key unit (重点监管单位): KEY_UNIT does not apply`);
    }

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.em.transactional(async (em) => {
          await this.lockEnterpriseYear(em, enterprise.id, year);
          let plan: EnforcementPlan | null = null;
          if (planId) {
            plan = await em.findOne(EnforcementPlan, { id: planId }, { lockMode: LockMode.PESSIMISTIC_READ });
            if (!plan) throw InspectionError.planNotFound(planId, f('planId'));
            if (plan.level !== input.enforcingLevel || plan.year !== year) {
              throw InspectionError.invalid(f('planId'), `Plan ${planId} is the ${plan.level} plan for ${plan.year}: it cannot hold a ${input.enforcingLevel} inspection in ${year}`);
            }
            if (plan.status !== PlanStatus.DRAFT) throw InspectionError.planNotEditable(planId, plan.status, f('planId'));
          }
          const cap = await this.capStatusIn(em, enterprise.id, year);
          if (input.type === InspectionType.KEY_UNIT && cap.keyUnitCovered) throw InspectionError.keyUnitCovered(enterprise.creditCode, year);
          if (cap.remaining === 0) throw InspectionError.capReached(enterprise.creditCode, year);
          if (cap.justificationRequired && !justification) throw InspectionError.justificationRequired(enterprise.creditCode, year);

          const inspection = em.create(Inspection, {
            code: generateInspectionCode(this.randomBelow),
            enterprise,
            plan,
            type: input.type,
            enforcingLevel: input.enforcingLevel,
            departments,
            inspectors,
            scheduledDate,
            year,
            justification,
            trigger,
            createdBy: actor,
            createdAt: this.clock.now(),
          } as never);
          checklist.forEach((c, i) => em.create(ChecklistItem, { inspection, position: i + 1, item: c.item, basis: c.basis } as never));
          await em.flush();
          return inspection;
        });
      } catch (error) {
        // Two equal random codes: draw again (the only unique key written here).
        if (error instanceof UniqueConstraintViolationException && attempt < 3) continue;
        throw error;
      }
    }
  }

  /** Serialises cap decisions for one enterprise and year until the transaction ends. */
  private async lockEnterpriseYear(em: EntityManager, enterpriseId: string, year: number): Promise<void> {
    await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`inspection-cap:${enterpriseId}:${year}`]);
  }

  /**
   * Where an enterprise stands against the yearly cap (not locking: for jobs
   * deciding whether to propose; `proposeInspection` re-checks under a lock).
   */
  capStatus(enterpriseId: string, year: number): Promise<InspectionCapStatus> {
    return this.capStatusIn(this.em, enterpriseId, year);
  }

  private async capStatusIn(em: EntityManager, enterpriseId: string, year: number): Promise<InspectionCapStatus> {
    const rows: { type: InspectionType }[] = await em.execute(
      `select type from inspection where enterprise_id = ? and year = ? and status <> 'CANCELLED'`,
      [enterpriseId, year],
    );
    const count = rows.length;
    return {
      year,
      count,
      remaining: Math.max(0, YEARLY_INSPECTION_CAP - count),
      justificationRequired: count >= 1,
      keyUnitCovered: rows.some((r) => r.type === InspectionType.KEY_UNIT),
    };
  }

  /** Key units (not closed) without a KEY_UNIT inspection in the year: what the plan still has to cover. */
  async keyUnitsNotCovered(viewer: Viewer, filter: KeyUnitCoverageFilter, page: PageArgs): Promise<Page<Enterprise>> {
    assertRegulator(viewer);
    return this.uncoveredKeyUnits(filter, page);
  }

  /** As `keyUnitsNotCovered`, without a viewer: for jobs. */
  async uncoveredKeyUnits(filter: KeyUnitCoverageFilter, page: PageArgs): Promise<Page<Enterprise>> {
    if (!Number.isInteger(filter.year)) throw InspectionError.invalid(['year'], 'year must be an integer');
    const statuses = filter.completedOnly ? `('COMPLETED', 'CLOSED')` : `('PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED')`;
    const covered: { enterprise_id: string }[] = await this.em.execute(
      `select distinct enterprise_id from inspection where year = ? and type = 'KEY_UNIT' and status in ${statuses}`,
      [filter.year],
    );
    const where: FilterQuery<Enterprise> = { keyUnit: true, status: { $ne: EnterpriseStatus.CLOSED } };
    if (filter.level) where.enforcementLevel = filter.level;
    if (covered.length > 0) where.id = { $nin: covered.map((r) => String(r.enterprise_id)) };
    return paginate(this.em, Enterprise, where, page);
  }

  // ---- Reading ---------------------------------------------------------------

  async inspection(viewer: Viewer, id: string): Promise<Inspection> {
    checkId(id, ['id']);
    const inspection = await this.em.findOne(Inspection, { id }, { populate: ['enterprise'] });
    if (!inspection) throw InspectionError.inspectionNotFound(id);
    this.assertCanRead(viewer, inspection);
    return inspection;
  }

  /** Regulators read all; an enterprise its own; a partner department those it takes part in. */
  async inspections(viewer: Viewer, filter: InspectionFilter, page: PageArgs): Promise<Page<Inspection>> {
    if (filter.enterprise && !isValidCreditCode(filter.enterprise)) throw InspectionError.invalid(['enterprise'], `"${filter.enterprise}" is not a valid credit code`);
    const own = enterpriseScope(viewer, filter.enterprise);
    const where: FilterQuery<Inspection> = {};
    if (own) where.enterprise = { creditCode: own };
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

  private assertCanRead(viewer: Viewer, inspection: Inspection): void {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (isRegulator(viewer)) return;
    if (viewer.role === Role.ENTERPRISE && viewer.enterprise === inspection.enterprise.creditCode) return;
    if (viewer.role === Role.PARTNER && inspection.departments.includes(viewer.department)) return;
    throw InspectionError.forbidden(`This token may not read inspection ${inspection.id}`, ['id']);
  }

  // ---- The lifecycle ---------------------------------------------------------

  /** Loads and locks an inspection for a regulator's write. */
  private async forWrite(em: EntityManager, viewer: Viewer, id: string, field: Field = ['id']): Promise<Inspection> {
    assertRegulator(viewer);
    checkId(id, field);
    const inspection = await em.findOne(Inspection, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!inspection) throw InspectionError.inspectionNotFound(id, field);
    return inspection;
  }

  private move(inspection: Inspection, to: InspectionStatus): void {
    if (!NEXT[inspection.status].includes(to)) throw InspectionError.invalidTransition(`Inspection ${inspection.id}`, inspection.status, to);
    inspection.status = to;
  }

  private requireStatus(inspection: Inspection, allowed: InspectionStatus[], action: string, field: Field): void {
    if (!allowed.includes(inspection.status)) {
      throw InspectionError.invalidTransition(`Inspection ${inspection.id} (${action})`, inspection.status, allowed.join(' or '), field);
    }
  }

  async addChecklistItem(viewer: Viewer, input: AddChecklistItemInput): Promise<ChecklistItem> {
    return this.em.transactional(async (em) => {
      const inspection = await this.forWrite(em, viewer, input.inspectionId, ['input', 'inspectionId']);
      this.requireStatus(inspection, [InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS], 'adding a checklist item', ['input', 'inspectionId']);
      const [item] = this.checklist([input], ['input']);
      const count = await em.count(ChecklistItem, { inspection });
      if (count >= MAX_CHECKLIST_ITEMS) throw InspectionError.invalid(['input'], `An inspection has at most ${MAX_CHECKLIST_ITEMS} checklist items`);
      return em.create(ChecklistItem, { inspection, position: count + 1, item: item.item, basis: item.basis } as never);
    });
  }

  /** PLANNED → IN_PROGRESS: the plan (if any) is published, two officers are named, the checklist is not empty. */
  async startInspection(viewer: Viewer, input: StartInspectionInput): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await this.forWrite(em, viewer, input.id);
      this.move(inspection, InspectionStatus.IN_PROGRESS);
      if (input.inspectors) inspection.inspectors = this.inspectors(input.inspectors, ['input', 'inspectors']);
      if (inspection.inspectors.length < 2) throw InspectionError.invalid(['input', 'inspectors'], 'An inspection is made by at least two enforcement officers');
      if (inspection.plan) {
        const plan = await em.findOneOrFail(EnforcementPlan, { id: inspection.plan.id });
        if (plan.status !== PlanStatus.PUBLISHED) throw InspectionError.planNotPublished(plan.id, plan.status);
      }
      if ((await em.count(ChecklistItem, { inspection })) === 0) {
        throw InspectionError.invalid(['id'], 'An inspection starts with an on-site plan: add checklist items first');
      }
      inspection.startedAt = this.clock.now();
      return inspection;
    });
  }

  async recordChecklistResult(viewer: Viewer, input: RecordChecklistResultInput): Promise<ChecklistItem> {
    assertRegulator(viewer);
    const field = ['input', 'checklistItemId'];
    checkId(input.checklistItemId, field);
    return this.em.transactional(async (em) => {
      const item = await em.findOne(ChecklistItem, { id: input.checklistItemId });
      if (!item) throw InspectionError.checklistItemNotFound(input.checklistItemId, field);
      const inspection = await this.forWrite(em, viewer, item.inspection.id, field);
      this.requireStatus(inspection, [InspectionStatus.IN_PROGRESS], 'recording a result', field);
      item.result = input.result;
      item.note = optionalText(input.note, ['input', 'note'], 2000);
      item.recordedAt = this.clock.now();
      item.recordedBy = viewer.subject;
      return item;
    });
  }

  async recordFinding(viewer: Viewer, input: RecordFindingInput): Promise<Finding> {
    const deadline = checkDate(input.rectificationDeadline, ['input', 'rectificationDeadline']);
    if (deadline < this.today()) throw InspectionError.invalid(['input', 'rectificationDeadline'], `${deadline} is in the past`);
    return this.em.transactional(async (em) => {
      const inspection = await this.forWrite(em, viewer, input.inspectionId, ['input', 'inspectionId']);
      this.requireStatus(inspection, [InspectionStatus.IN_PROGRESS], 'recording a finding', ['input', 'inspectionId']);
      let checklistItem: ChecklistItem | null = null;
      if (input.checklistItemId) {
        const field = ['input', 'checklistItemId'];
        checklistItem = await em.findOne(ChecklistItem, { id: checkId(input.checklistItemId, field), inspection });
        if (!checklistItem) throw InspectionError.checklistItemNotFound(input.checklistItemId, field);
      }
      return em.create(Finding, {
        inspection,
        checklistItem,
        description: requiredText(input.description, ['input', 'description'], 2000),
        severity: input.severity,
        rectificationDeadline: deadline,
        originalDeadline: deadline,
        recordedBy: viewer.subject!,
        createdAt: this.clock.now(),
      } as never);
    });
  }

  /** IN_PROGRESS → COMPLETED once every checklist item has a result. */
  async completeInspection(viewer: Viewer, id: string): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await this.forWrite(em, viewer, id);
      this.move(inspection, InspectionStatus.COMPLETED);
      const pending = await em.count(ChecklistItem, { inspection, result: null });
      if (pending > 0) throw InspectionError.checklistIncomplete(pending);
      inspection.completedAt = this.clock.now();
      return inspection;
    });
  }

  /** One decision per inspection, while IN_PROGRESS or COMPLETED: a basis and an amount, or no penalty and why. */
  async recordPenaltyDecision(viewer: Viewer, input: RecordPenaltyDecisionInput): Promise<PenaltyDecision> {
    const f = (name: string): Field => ['input', name];
    let fields: Partial<PenaltyDecision>;
    if (input.penalized) {
      if (input.noPenaltyReason) throw InspectionError.invalid(f('noPenaltyReason'), 'A penalty decision has no noPenaltyReason');
      const amount = (input.amountYuan ?? '').trim();
      if (!/^\d{1,12}(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) {
        throw InspectionError.invalid(f('amountYuan'), 'amountYuan must be more than 0 yuan, with at most 2 decimals');
      }
      fields = { penalized: true, legalBasis: requiredText(input.legalBasis, f('legalBasis'), 500), amountYuan: Number(amount).toFixed(2) };
    } else {
      if (!input.noPenaltyReason) throw InspectionError.invalid(f('noPenaltyReason'), 'A decision not to penalise gives noPenaltyReason (MINOR, FIRST_OFFENCE or NO_FAULT)');
      if (input.legalBasis || input.amountYuan) throw InspectionError.invalid(f('amountYuan'), 'A decision not to penalise has no legal basis or amount');
      fields = { penalized: false, noPenaltyReason: input.noPenaltyReason };
    }
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await this.forWrite(em, viewer, input.inspectionId, f('inspectionId'));
        this.requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 'deciding on a penalty', f('inspectionId'));
        const decision = em.create(PenaltyDecision, {
          ...fields,
          inspection,
          note: optionalText(input.note, f('note'), 2000),
          decidedBy: viewer.subject!,
          decidedAt: this.clock.now(),
        } as never);
        await em.flush();
        return decision;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw InspectionError.conflict(`Inspection ${input.inspectionId} already has its penalty decision`, f('inspectionId'));
      }
      throw error;
    }
  }

  /** OPEN → RECTIFIED: reported by a regulator or by the inspected enterprise itself; the re-check follows. */
  async recordRectification(viewer: Viewer, input: RecordRectificationInput): Promise<Finding> {
    const field = ['input', 'findingId'];
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (!isRegulator(viewer) && viewer.role !== Role.ENTERPRISE) throw AccessError.forbidden('Only a regulator or the enterprise itself reports a rectification');
    checkId(input.findingId, field);
    const now = this.clock.now();
    const rectifiedAt = input.rectifiedAt ?? now;
    if (!(rectifiedAt instanceof Date) || Number.isNaN(rectifiedAt.getTime()) || rectifiedAt > now) {
      throw InspectionError.invalid(['input', 'rectifiedAt'], 'rectifiedAt must not be in the future');
    }
    return this.em.transactional(async (em) => {
      const finding = await em.findOne(Finding, { id: input.findingId });
      if (!finding) throw InspectionError.findingNotFound(input.findingId, field);
      const inspection = await em.findOneOrFail(Inspection, { id: finding.inspection.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await em.populate(inspection, ['enterprise']);
      if (viewer.role === Role.ENTERPRISE && viewer.enterprise !== inspection.enterprise.creditCode) {
        throw InspectionError.forbidden(`This token may not report on finding ${finding.id}`, field);
      }
      this.requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 'reporting a rectification', field);
      if (finding.status !== FindingStatus.OPEN) throw InspectionError.invalidTransition(`Finding ${finding.id}`, finding.status, FindingStatus.RECTIFIED, field);
      if (rectifiedAt < finding.createdAt) throw InspectionError.invalid(['input', 'rectifiedAt'], 'rectifiedAt is before the finding was recorded');
      finding.status = FindingStatus.RECTIFIED;
      finding.rectifiedAt = rectifiedAt;
      return finding;
    });
  }

  /** 复查: RECTIFIED → VERIFIED, or back to OPEN with a new deadline. */
  async recheckFinding(viewer: Viewer, input: RecheckFindingInput): Promise<Finding> {
    assertRegulator(viewer);
    const field = ['input', 'findingId'];
    checkId(input.findingId, field);
    let newDeadline: string | null = null;
    if (!input.rectified) {
      if (!input.newDeadline) throw InspectionError.invalid(['input', 'newDeadline'], 'A failed re-check sets a new rectification deadline');
      newDeadline = checkDate(input.newDeadline, ['input', 'newDeadline']);
      if (newDeadline < this.today()) throw InspectionError.invalid(['input', 'newDeadline'], `${newDeadline} is in the past`);
    }
    return this.em.transactional(async (em) => {
      const finding = await em.findOne(Finding, { id: input.findingId });
      if (!finding) throw InspectionError.findingNotFound(input.findingId, field);
      const inspection = await this.forWrite(em, viewer, finding.inspection.id, field);
      this.requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 're-checking a finding', field);
      const to = input.rectified ? FindingStatus.VERIFIED : FindingStatus.OPEN;
      if (finding.status !== FindingStatus.RECTIFIED) throw InspectionError.invalidTransition(`Finding ${finding.id}`, finding.status, to, field);
      const now = this.clock.now();
      finding.status = to;
      finding.recheckedAt = now;
      finding.recheckNote = optionalText(input.note, ['input', 'note'], 2000);
      if (input.rectified) {
        finding.verifiedAt = now;
      } else {
        finding.failedRechecks += 1;
        finding.rectificationDeadline = newDeadline!;
      }
      return finding;
    });
  }

  /** COMPLETED → CLOSED once every finding is re-checked as rectified and the penalty decision is recorded. */
  async closeInspection(viewer: Viewer, id: string): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await this.forWrite(em, viewer, id);
      this.move(inspection, InspectionStatus.CLOSED);
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
      const inspection = await this.forWrite(em, viewer, id);
      this.move(inspection, InspectionStatus.CANCELLED);
      inspection.cancelReason = why;
      inspection.cancelledAt = this.clock.now();
      return inspection;
    });
  }

  /**
   * Monthly publication: marks PLANNED inspections of published plans
   * scheduled in [from, to] (Shanghai dates) as public targets, once; returns
   * those newly published. Triggered inspections are never announced.
   */
  async publishTargets(from: string, to: string): Promise<Inspection[]> {
    checkDate(from, ['from']);
    checkDate(to, ['to']);
    return this.em.transactional(async (em) => {
      const targets = await em.find(
        Inspection,
        {
          status: InspectionStatus.PLANNED,
          publishedAt: null,
          scheduledDate: { $gte: from, $lte: to },
          plan: { status: PlanStatus.PUBLISHED },
        },
        { orderBy: { id: 'asc' }, populate: ['enterprise'] },
      );
      const now = this.clock.now();
      for (const t of targets) t.publishedAt = now;
      return targets;
    });
  }

  // ---- The inspection code -----------------------------------------------------

  private async byCode(em: EntityManager, code: string, field: Field): Promise<Inspection> {
    const normalized = normalizeInspectionCode(String(code ?? ''));
    const problem = inspectionCodeProblem(normalized);
    if (problem) throw InspectionError.invalidCode(field, code, problem);
    const inspection = await em.findOne(Inspection, { code: normalized }, { populate: ['enterprise'] });
    if (!inspection) throw InspectionError.codeNotFound(field);
    return inspection;
  }

  /** Public: whoever holds the code sees who inspects, what, and the result; nothing private. */
  async inspectionByCode(code: string): Promise<PublicInspection> {
    const inspection = await this.byCode(this.em, code, ['code']);
    const [checklist, findings, penalty, evaluations] = await Promise.all([
      this.em.find(ChecklistItem, { inspection }, { orderBy: { position: 'asc' } }),
      this.em.find(Finding, { inspection }),
      this.em.findOne(PenaltyDecision, { inspection }),
      this.em.count(InspectionEvaluation, { inspection }),
    ]);
    return toPublicInspection(inspection, inspection.enterprise.name, checklist, findings, penalty, evaluations > 0);
  }

  /**
   * The inspected enterprise evaluates a COMPLETED or CLOSED inspection, once.
   * It needs both the code and an ENTERPRISE token of that enterprise: the
   * code alone is printed on paper and may travel, the token says who speaks.
   */
  async evaluateInspection(viewer: Viewer, input: EvaluateInspectionInput): Promise<InspectionEvaluation> {
    const own = requireEnterprise(viewer);
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw InspectionError.invalid(['input', 'rating'], 'rating must be an integer from 1 to 5');
    const comment = optionalText(input.comment, ['input', 'comment'], 1000);
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await this.byCode(em, input.code, ['input', 'code']);
        if (inspection.enterprise.creditCode !== own) throw InspectionError.forbidden('Only the inspected enterprise evaluates an inspection', ['input', 'code']);
        this.requireStatus(inspection, [InspectionStatus.COMPLETED, InspectionStatus.CLOSED], 'evaluating', ['input', 'code']);
        const evaluation = em.create(InspectionEvaluation, {
          inspection,
          rating: input.rating,
          comment,
          evaluatedBy: viewer.subject!,
          createdAt: this.clock.now(),
        } as never);
        await em.flush();
        return evaluation;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw InspectionError.conflict('This inspection has already been evaluated', ['input', 'code']);
      throw error;
    }
  }

  // ---- Input helpers -------------------------------------------------------------

  private departments(values: Department[], field: Field): Department[] {
    const known = Object.values(Department);
    values.forEach((d, i) => {
      if (!known.includes(d)) throw InspectionError.invalid([...field, i], `"${d}" is not a department`);
    });
    if (new Set(values).size !== values.length) throw InspectionError.invalid(field, 'A department is named twice');
    return [...values];
  }

  private inspectors(values: string[], field: Field): string[] {
    if (values.length > 20) throw InspectionError.invalid(field, 'At most 20 officers');
    const names = values.map((v, i) => requiredText(v, [...field, i], 100));
    if (new Set(names).size !== names.length) throw InspectionError.invalid(field, 'An officer is named twice');
    return names;
  }

  private checklist(values: ChecklistItemInput[], field: Field): { item: string; basis: string | null }[] {
    if (values.length > MAX_CHECKLIST_ITEMS) throw InspectionError.invalid(field, `At most ${MAX_CHECKLIST_ITEMS} checklist items`);
    const path = (i: number, name: string): Field => (field.length === 1 ? [...field, name] : [...field, i, name]);
    return values.map((v, i) => ({ item: requiredText(v.item, path(i, 'item'), 500), basis: optionalText(v.basis, path(i, 'basis'), 500) }));
  }
}

