import { FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertDeploymentWide, assertInArea } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { Enterprise } from '../registry/enterprise.entity';
import { IndustryCategory } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { AccessError, CommonCode, inputField } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { requiredText } from '../shared/text-input';
import { ChecklistTemplate } from './checklist-template.entity';
import { ComplianceGuide, ComplianceGuideItem } from './compliance-guide.entity';
import { ItemCheck } from './self-check.entity';
import { InspectionError } from './inspection.errors';
import { checkId } from './inspection-rules';

export const MAX_GUIDE_ITEMS = 100;

export interface PublishComplianceGuideInput {
  industry: IndustryCategory;
  category: string;
  title: string;
  introduction: string;
  items: { templateId: string; guidance: string }[];
}

export interface GuideFilter {
  industry?: IndustryCategory | null;
  category?: string | null;
  includeWithdrawn?: boolean | null;
}

/**
 * Compliance guides (合规指引, 十七): DISTRICT and CITY regulators publish a
 * guide for an industry and category from the item library (each item with
 * how to comply) and withdraw it; a guide published for an industry and
 * category that has one in force supersedes it. Anyone reads them; an
 * enterprise self-checks their items (SelfCheckService.submitSelfCheck).
 */
export class ComplianceGuideService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async publish(viewer: Viewer, input: PublishComplianceGuideInput): Promise<ComplianceGuide> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'publishComplianceGuide');
    if (!Object.values(IndustryCategory).includes(input.industry)) throw InspectionError.invalid(inputField('industry'), `"${input.industry}" is not an industry`);
    const text = {
      category: requiredText(input.category, inputField('category'), 100),
      title: requiredText(input.title, inputField('title'), 200),
      introduction: requiredText(input.introduction, inputField('introduction'), 8000),
    };
    if (input.items.length === 0 || input.items.length > MAX_GUIDE_ITEMS) throw InspectionError.invalid(inputField('items'), `A guide has 1 to ${MAX_GUIDE_ITEMS} items`);
    const items = input.items.map((item, i) => ({
      templateId: checkId(item.templateId, inputField('items', i, 'templateId')),
      guidance: requiredText(item.guidance, inputField('items', i, 'guidance'), 2000),
    }));
    items.forEach((item, i) => {
      if (items.findIndex((other) => other.templateId === item.templateId) < i) throw InspectionError.invalid(inputField('items', i, 'templateId'), `Template ${item.templateId} is named twice`);
    });
    return this.em.transactional(async (em) => {
      const templates = new Map((await em.find(ChecklistTemplate, { id: { $in: items.map((i) => i.templateId) } })).map((t) => [t.id, t]));
      items.forEach((item, i) => {
        const template = templates.get(item.templateId);
        const field = inputField('items', i, 'templateId');
        if (!template) throw new InspectionError(CommonCode.NOT_FOUND, `No checklist template ${item.templateId}`, field);
        if (template.industry !== input.industry) throw InspectionError.invalid(field, `Template ${template.id} is for ${template.industry}, not ${input.industry}`);
      });
      // One guide in force per industry and category: publications of the same pair run one after the other.
      await em.getConnection().execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`compliance-guide:${input.industry}:${text.category}`]);
      const previous = await em.findOne(ComplianceGuide, { industry: input.industry, category: text.category, withdrawnAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const now = this.clock.now();
      const guide = em.create(ComplianceGuide, { ...text, industry: input.industry, publishedBy: viewer.subject!, publishedAt: now } as never);
      await em.flush();
      items.forEach((item, i) => em.create(ComplianceGuideItem, { guide, position: i + 1, template: templates.get(item.templateId)!, guidance: item.guidance } as never));
      if (previous) Object.assign(previous, { withdrawnAt: now, withdrawnBy: viewer.subject!, withdrawReason: `由指引 ${guide.id}《${guide.title}》替代`, supersededBy: guide.id });
      return guide;
    });
  }

  withdraw(viewer: Viewer, id: string, reason: string): Promise<ComplianceGuide> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'withdrawComplianceGuide');
    const why = requiredText(reason, ['reason'], 2000);
    return this.em.transactional(async (em) => {
      const guide = await em.findOne(ComplianceGuide, { id: checkId(id, ['id']) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!guide) throw InspectionError.guideNotFound(id);
      if (guide.withdrawnAt) throw InspectionError.invalidTransition(`Compliance guide ${id}`, 'WITHDRAWN', 'WITHDRAWN');
      Object.assign(guide, { withdrawnAt: this.clock.now(), withdrawnBy: viewer.subject!, withdrawReason: why });
      return guide;
    });
  }

  /** Public: guides in force (or every one), oldest first, by industry and category. */
  guides(filter: GuideFilter, page: PageArgs, wants: PageWants): Promise<Page<ComplianceGuide>> {
    const where: FilterQuery<ComplianceGuide> = {};
    if (filter.industry) where.industry = filter.industry;
    if (filter.category) where.category = filter.category;
    if (!filter.includeWithdrawn) where.withdrawnAt = null;
    return paginate(this.em, ComplianceGuide, where, page, wants);
  }

  async guide(id: string): Promise<ComplianceGuide> {
    const guide = await this.em.findOne(ComplianceGuide, { id: checkId(id, ['id']) });
    if (!guide) throw InspectionError.guideNotFound(id);
    return guide;
  }

  /**
   * An enterprise's latest self-check of a guide item: an enterprise reads its own (naming another is
   * FORBIDDEN), a regulator the enterprise it names (a TOWN regulator one of its town); partners none.
   * `load` batches the look-ups of every item of the request.
   */
  async latestSelfCheck(
    viewer: Viewer,
    item: ComplianceGuideItem,
    enterprise: string | null | undefined,
    load: { enterprise: (creditCode: string) => Promise<Enterprise | undefined>; check: (enterpriseId: string, templateId: string) => Promise<ItemCheck | undefined> },
  ): Promise<ItemCheck | null> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    let code: string;
    if (viewer.role === Role.ENTERPRISE) {
      if (enterprise && enterprise !== viewer.enterprise) throw AccessError.forbidden(`An enterprise reads its own self-checks, not ${enterprise}'s`, ['enterprise']);
      code = viewer.enterprise;
    } else {
      if (!isRegulator(viewer)) throw AccessError.forbidden('Self-checks are read by the enterprise and regulators', ['enterprise']);
      if (!enterprise) throw InspectionError.invalid(['enterprise'], 'Name the enterprise whose self-checks to show');
      code = enterprise;
    }
    const found = await load.enterprise(code);
    if (!found) throw InspectionError.enterpriseNotFound(code, ['enterprise']);
    assertInArea(viewer, found, ['enterprise']);
    return (await load.check(found.id, item.template.id)) ?? null;
  }
}
