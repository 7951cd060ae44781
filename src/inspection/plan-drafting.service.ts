import { randomInt } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { areaTown } from '../access/jurisdiction';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { CalendarDay } from '../licensing/calendar-day.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel, EnterpriseStatus } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { inputField } from '../shared/domain-error';
import { decodeCursor, Page, PageArgs, pageSize, toPage } from '../shared/page';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { optionalText } from '../shared/text-input';
import { currentRiskGrades } from '../supervision/current-risk-grades';
import { GroupSelfSupervision } from '../supervision/group-self-supervision.entity';
import { EnforcementPlan, StoredDraftLine } from './enforcement-plan.entity';
import { InspectionType, PlanDraftOutcome, YEARLY_INSPECTION_CAP } from './inspection.enums';
import { InspectionCode, InspectionError } from './inspection.errors';
import { DraftEnforcementPlanInput } from './inspection.inputs';
import { checkId } from './inspection-rules';
import { PlanDraftLine, PlanDraftResult } from './plan-draft';
import { draftIntent, draftOrder, draftWindow, effectiveTreatment, GradeView, spreadDates } from './plan-draft-rules';
import { checkPlanScope, planForChange } from './plan-scope';
import { EnforcementPlanService } from './plan.service';
import { SchedulingService } from './scheduling.service';

const LEVEL_NAME: Record<EnforcementLevel, string> = { [EnforcementLevel.CITY]: '市级', [EnforcementLevel.DISTRICT]: '区级', [EnforcementLevel.TOWN]: '街镇级' };

function byId(a: { enterpriseId: string }, b: { enterpriseId: string }): number {
  const x = BigInt(a.enterpriseId);
  const y = BigInt(b.enterpriseId);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Drafting a plan from the risk grades; the pure half is plan-draft-rules.ts. */
export class PlanDraftingService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    /** Uniform integer in [0, n): the source of inspection codes. */
    private readonly randomBelow: (n: number) => number = randomInt,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

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
    const town = checkPlanScope(viewer, input, this.today(), { newPlan: !input.planId }) ?? null;
    const window = draftWindow(this.today(), input.year);
    if (!window) throw InspectionError.invalid(inputField('year'), `Too late to draft a plan for ${input.year}: none of it can still be announced`);
    const planId = input.planId ? checkId(input.planId, inputField('planId')) : null;
    const title = planId ? null : (optionalText(input.title, inputField('title'), 200) ?? `${input.year}年度危险化学品监督检查计划（${LEVEL_NAME[input.level]}）`);

    return this.em.transactional(async (em) => {
      const now = this.clock.now();
      const plan = planId
        ? await planForChange(em, viewer, planId, inputField('planId'), {
            lockMode: LockMode.PESSIMISTIC_WRITE,
            draftOnly: true,
            scope: { level: input.level, year: input.year },
            withDraftReport: true,
          })
        : await new EnforcementPlanService(em, this.clock).createPlan(viewer, { level: input.level, year: input.year, town, title: title! });

      const enterprises = await em.find(Enterprise, { enforcementLevel: plan.level, ...(plan.town ? { town: plan.town } : {}), status: { $ne: EnterpriseStatus.CLOSED } }, { orderBy: { id: 'asc' } });
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
      const scheduler = new SchedulingService(em, this.clock, this.randomBelow);
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

  /** The last draft's report of a plan, one line per enterprise, paged by enterprise id: regulators only (a TOWN regulator its town's lines). */
  async draftReport(viewer: Viewer, planId: string, filter: { outcome?: PlanDraftOutcome | null }, page: PageArgs): Promise<Page<PlanDraftLine>> {
    assertRegulator(viewer);
    checkId(planId, ['id']);
    const plan = await this.em.findOne(EnforcementPlan, { id: planId }, { populate: ['draftReport'] });
    if (!plan) throw InspectionError.planNotFound(planId, ['id']);
    let lines = (plan.draftReport ?? []).filter((l) => !filter.outcome || l.outcome === filter.outcome) as PlanDraftLine[];
    const town = areaTown(viewer);
    if (town !== undefined && lines.length > 0) {
      const ids = lines.map((l) => l.enterpriseId);
      const inTown = new Set((await this.em.find(Enterprise, { id: { $in: ids }, town }, { fields: ['id'] })).map((e) => e.id));
      lines = lines.filter((l) => inTown.has(l.enterpriseId));
    }
    const size = pageSize(page);
    const after = decodeCursor(page.after);
    const rest = after === null ? lines : lines.filter((l) => BigInt(l.enterpriseId) > BigInt(after));
    return toPage(rest.slice(0, size + 1), size, (l) => l.enterpriseId, lines.length, after);
  }
}
