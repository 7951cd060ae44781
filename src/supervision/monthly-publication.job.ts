import { Role, Viewer } from '../access/viewer';
import { ChecklistItem } from '../inspection/checklist-item.entity';
import { EnforcementPlan } from '../inspection/enforcement-plan.entity';
import { InspectionStatus, PlanStatus } from '../inspection/inspection.enums';
import { Inspection } from '../inspection/inspection.entity';
import { EnforcementPlanService } from '../inspection/plan.service';
import { shanghaiDate, monthBounds, nextMonth } from '../shared/shanghai-calendar';
import { JobDefinition } from './job-definition';
import { notify } from './outbox';
import { Publication, PublicationKind } from './publication.entity';
import { PublishedTarget } from './published-targets';
import { NotificationAudience, NotificationKind } from './supervision.enums';

/** The actor recorded when a job changes another domain's rows. */
export const MONTHLY_PUBLICATION_ACTOR: Viewer = { role: Role.ADMIN, subject: 'job:monthly-publication' };

/**
 * monthly-publication (the 25th): next month's planned inspections become
 * public targets (InspectionService.publishTargets marks them) and a frozen
 * snapshot of targets and checklist items is kept for the public query. An
 * APPROVED plan not yet published is published first (a backstop: the plan
 * itself is public from its approval; publishing lets its inspections start
 * and its targets be announced). Each target enterprise is told. Triggered
 * inspections are never announced.
 */
export const monthlyPublicationJob: JobDefinition = {
  name: 'monthly-publication',
  description: 'Publishes next month’s inspection targets and items (and any approved plan not yet public)',
  async run(ctx) {
    const plans = new EnforcementPlanService(ctx.em, ctx.clock);
    const approved = await ctx.em.find(EnforcementPlan, { status: PlanStatus.APPROVED }, { orderBy: { id: 'asc' } });
    await ctx.forEachItem(approved, (p) => `plan ${p.id}`, async (plan, em) => {
      await new EnforcementPlanService(em, ctx.clock).publishPlan(MONTHLY_PUBLICATION_ACTOR, plan.id);
      ctx.count('plansPublished');
    });
    const month = nextMonth(shanghaiDate(ctx.startedAt));
    const { from, to } = monthBounds(month);
    const newly = await plans.publishTargets(from, to);
    ctx.count('targetsPublished', newly.length);
    const published = await ctx.em.fork().find(
      Inspection,
      { publishedAt: { $ne: null }, scheduledDate: { $gte: from, $lte: to }, status: { $ne: InspectionStatus.CANCELLED } },
      { orderBy: { scheduledDate: 'asc', id: 'asc' }, populate: ['enterprise'] },
    );
    const items = await ctx.em.fork().find(ChecklistItem, { inspection: { $in: published.map((i) => i.id) } }, { orderBy: { position: 'asc' } });
    const targets: PublishedTarget[] = published.map((i) => ({
      enterpriseName: i.enterprise.name,
      town: i.enterprise.town,
      type: i.type,
      enforcingLevel: i.enforcingLevel,
      scheduledDate: i.scheduledDate,
      departments: i.departments,
      items: items.filter((c) => c.inspection.id === i.id).map((c) => c.item),
    }));
    const em = ctx.em.fork();
    const now = ctx.clock.now();
    const existing = await em.findOne(Publication, { kind: PublicationKind.MONTHLY_TARGETS, period: month });
    if (existing) {
      existing.content = targets;
      existing.publishedAt = now;
    } else {
      em.create(Publication, { kind: PublicationKind.MONTHLY_TARGETS, period: month, content: targets, publishedAt: now });
    }
    await em.flush();
    await ctx.forEachItem(newly, (i) => `inspection ${i.id}`, async (i, itemEm) => {
      await notify(
        itemEm,
        {
          audience: NotificationAudience.ENTERPRISE,
          enterpriseId: i.enterprise.id,
          kind: NotificationKind.INSPECTION_TARGETS_PUBLISHED,
          title: `${month} 监督检查对象已公示：${i.scheduledDate}`,
          payload: { month, scheduledDate: i.scheduledDate, type: i.type, enforcingLevel: i.enforcingLevel },
          dedupeKey: `target-published:${i.id}`,
        },
        now,
      );
    });
    return { targets: targets.length };
  },
};
