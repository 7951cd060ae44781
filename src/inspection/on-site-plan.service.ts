import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertDeploymentWide } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { IndustryCategory } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { Page, PageArgs } from '../shared/page';
import { requiredText } from '../shared/text-input';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistTemplate } from './checklist-template.entity';
import { Inspection } from './inspection.entity';
import { InspectionStatus, MAX_CHECKLIST_ITEMS } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { inspectionForWrite, requireStatus } from './inspection-rules';
import { inputField } from '../shared/domain-error';

export interface TemplateFilter {
  industry?: IndustryCategory | null;
  categories?: string[] | null;
  riskTags?: string[] | null;
}

/**
 * The item library (检查事项库) and the on-site plan (现场检查方案): a plan
 * is drafted from the templates of the enterprise's industry (filtered by
 * category and risk tag) and approved before the inspection can start
 * (InspectionService.startInspection); a change before the start needs a new
 * approval.
 */
export class OnSitePlanService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async defineTemplate(viewer: Viewer, input: { industry: IndustryCategory; category: string; riskTag: string; item: string; basis: string }): Promise<ChecklistTemplate> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'defineChecklistTemplate');
    if (!Object.values(IndustryCategory).includes(input.industry)) throw InspectionError.invalid(inputField('industry'), `"${input.industry}" is not an industry`);
    const template = this.em.create(ChecklistTemplate, {
      industry: input.industry,
      category: requiredText(input.category, inputField('category'), 100),
      riskTag: requiredText(input.riskTag, inputField('riskTag'), 100),
      item: requiredText(input.item, inputField('item'), 500),
      basis: requiredText(input.basis, inputField('basis'), 500),
      createdBy: viewer.subject!,
      createdAt: this.clock.now(),
    } as never);
    await this.em.flush();
    return template;
  }

  /** Public: the library's templates matching the filter, oldest first. */
  templates(filter: TemplateFilter, page: PageArgs, wants: PageWants): Promise<Page<ChecklistTemplate>> {
    return paginate(this.em, ChecklistTemplate, templatesWhere(filter), page, wants);
  }

  /** Adds the matching templates of the enterprise's industry not yet in the plan, while PLANNED; the plan then awaits approval. */
  async draft(viewer: Viewer, inspectionId: string, filter: Omit<TemplateFilter, 'industry'>): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, inspectionId, ['inspectionId']);
      requireStatus(inspection, [InspectionStatus.PLANNED], 'drafting the on-site plan', ['inspectionId']);
      await em.populate(inspection, ['enterprise']);
      const templates = await em.find(ChecklistTemplate, templatesWhere({ ...filter, industry: inspection.enterprise.industry }), { orderBy: { category: 'asc', id: 'asc' } });
      if (templates.length === 0) throw InspectionError.invalid(['inspectionId'], `The item library has no template for ${inspection.enterprise.industry} matching this filter`);
      const existing = await em.find(ChecklistItem, { inspection }, { orderBy: { position: 'asc' } });
      const held = new Set(existing.map((i) => i.template?.id).filter(Boolean));
      const fresh = templates.filter((t) => !held.has(t.id));
      if (existing.length + fresh.length > MAX_CHECKLIST_ITEMS) throw InspectionError.invalid(['inspectionId'], `An inspection has at most ${MAX_CHECKLIST_ITEMS} checklist items`);
      fresh.forEach((t, i) => em.create(ChecklistItem, { inspection, position: existing.length + i + 1, item: t.item, basis: t.basis, template: t } as never));
      if (fresh.length > 0) {
        inspection.onSitePlanApprovedAt = null;
        inspection.onSitePlanApprovedBy = null;
      }
      return inspection;
    });
  }

  /** Approves the on-site plan of a PLANNED inspection: it has items, and the inspection may start. */
  async approve(viewer: Viewer, inspectionId: string): Promise<Inspection> {
    return this.em.transactional(async (em) => {
      const inspection = await inspectionForWrite(em, viewer, inspectionId, ['inspectionId']);
      requireStatus(inspection, [InspectionStatus.PLANNED], 'approving the on-site plan', ['inspectionId']);
      if ((await em.count(ChecklistItem, { inspection })) === 0) throw InspectionError.invalid(['inspectionId'], 'An empty on-site plan is not approved: draft it from the item library or add items');
      if (inspection.onSitePlanApprovedAt) throw InspectionError.conflict(`The on-site plan of inspection ${inspection.id} is already approved`, ['inspectionId']);
      inspection.onSitePlanApprovedAt = this.clock.now();
      inspection.onSitePlanApprovedBy = viewer.subject;
      return inspection;
    });
  }
}

/** An empty or absent list filters nothing. */
function templatesWhere(filter: TemplateFilter): FilterQuery<ChecklistTemplate> {
  const where: FilterQuery<ChecklistTemplate> = {};
  if (filter.industry) where.industry = filter.industry;
  if (filter.categories?.length) where.category = { $in: filter.categories };
  if (filter.riskTags?.length) where.riskTag = { $in: filter.riskTags };
  return where;
}
