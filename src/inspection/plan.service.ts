import { FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertPlanLevel } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { isRegulator, Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { EnforcementLevel } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { shanghaiDate, yearOf } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { EnforcementPlan } from './enforcement-plan.entity';
import { Inspection } from './inspection.entity';
import { InspectionStatus, PlanStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { CreateEnforcementPlanInput } from './inspection.inputs';
import { checkDate, checkId } from './inspection-rules';

/** What the public sees: a plan is public from its approval (公示); PUBLISHED adds the start of its inspections. */
const PUBLIC_PLAN_STATUSES: readonly PlanStatus[] = [PlanStatus.APPROVED, PlanStatus.PUBLISHED];

const PLAN_NEXT: Record<PlanStatus, PlanStatus | null> = {
  [PlanStatus.DRAFT]: PlanStatus.APPROVED,
  [PlanStatus.APPROVED]: PlanStatus.PUBLISHED,
  [PlanStatus.PUBLISHED]: null,
};

/** A plan's year is a calendar year from this one on. */
export function checkPlanYear(year: number, today: string): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw InspectionError.invalid(['input', 'year'], 'year must be between 2000 and 2100');
  if (year < yearOf(today)) throw InspectionError.invalid(['input', 'year'], `A plan for ${year} is in the past`);
}

/**
 * The first stage: enforcement plans (年度监督检查计划), their approval and
 * publication (公示), and the monthly publication of their targets. Drafting a
 * plan from the risk grades is PlanDraftingService.
 */
export class EnforcementPlanService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  async createPlan(viewer: Viewer, input: CreateEnforcementPlanInput): Promise<EnforcementPlan> {
    assertRegulator(viewer);
    assertPlanLevel(viewer, input.level, ['input', 'level']);
    checkPlanYear(input.year, this.today());
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
      assertPlanLevel(viewer, plan.level, ['id']);
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
}
