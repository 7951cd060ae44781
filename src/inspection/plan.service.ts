import { FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown, newPlanTown } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { AccessError, inputField } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { EnforcementPlan } from './enforcement-plan.entity';
import { Inspection } from './inspection.entity';
import { InspectionStatus, PlanStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { CreateEnforcementPlanInput } from './inspection.inputs';
import { checkDate, checkId } from './inspection-rules';
import { checkPlanScope, planForChange } from './plan-scope';

/** What the public sees: a plan is public from its approval (公示); PUBLISHED adds the start of its inspections. */
const PUBLIC_PLAN_STATUSES: readonly PlanStatus[] = [PlanStatus.APPROVED, PlanStatus.PUBLISHED];

const PLAN_NEXT: Record<PlanStatus, PlanStatus | null> = {
  [PlanStatus.DRAFT]: PlanStatus.APPROVED,
  [PlanStatus.APPROVED]: PlanStatus.PUBLISHED,
  [PlanStatus.PUBLISHED]: null,
};

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
    const town = checkPlanScope(viewer, input, this.today(), { newPlan: true }) ?? null;
    const plan = this.em.create(EnforcementPlan, {
      level: input.level,
      town,
      year: input.year,
      title: requiredText(input.title, inputField('title'), 200),
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

  /** Names the town of a TOWN plan made before plans had one (`npm run plan-town`): administrators, once. */
  async nameOldPlanTown(viewer: Viewer, id: string, town: string): Promise<EnforcementPlan> {
    if (viewer.role !== Role.ADMIN) throw AccessError.forbidden("Only an administrator names an old plan's town", ['id']);
    checkId(id, ['id']);
    const named = newPlanTown(viewer, EnforcementLevel.TOWN, town, ['town'])!;
    return this.em.transactional(async (em) => {
      const plan = await em.findOne(EnforcementPlan, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!plan) throw InspectionError.planNotFound(id, ['id']);
      if (plan.level !== EnforcementLevel.TOWN) throw InspectionError.invalid(['id'], `Plan ${id} is a ${plan.level} plan: only a TOWN plan has a town`);
      if (plan.town) throw InspectionError.conflict(`Plan ${id} is already the plan of ${plan.town}`, ['id']);
      plan.town = named;
      return plan;
    });
  }

  private async advancePlan(viewer: Viewer, id: string, to: PlanStatus): Promise<EnforcementPlan> {
    assertRegulator(viewer);
    checkId(id, ['id']);
    return this.em.transactional(async (em) => {
      const plan = await planForChange(em, viewer, id, ['id'], { lockMode: LockMode.PESSIMISTIC_WRITE });
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

  /** A plan's inspections as the viewer reads them: a TOWN regulator those of its town's enterprises (a DISTRICT plan holds every town's). */
  async inspectionsInArea(viewer: Viewer, rows: Inspection[], enterpriseOf: (id: string) => Promise<Enterprise | undefined>): Promise<Inspection[]> {
    const town = areaTown(viewer);
    if (town === undefined) return rows;
    const towns = await Promise.all(rows.map(async (row) => (await enterpriseOf(row.enterprise.id))?.town));
    return rows.filter((_, i) => towns[i] === town);
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
