/**
 * The item library and the on-site plan (docs/inspection.md, "On-site plan"):
 * drafted from the templates of the enterprise's industry, approved before
 * the inspection starts, approved again after a change.
 */
import { ChecklistItem } from '../../src/inspection/checklist-item.entity';
import { InspectionStatus } from '../../src/inspection/inspection.enums';
import { OnSitePlanService } from '../../src/inspection/on-site-plan.service';
import { IndustryCategory } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, stages, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();
const plans = () => new OnSitePlanService(db.orm.em.fork(), clock);

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 81); // HAZCHEM_TRADE
  const t = (industry: IndustryCategory, category: string, riskTag: string, item: string) => plans().defineTemplate(regulator, { industry, category, riskTag, item, basis: '《危险化学品安全管理条例》第二十条' });
  await t(IndustryCategory.HAZCHEM_TRADE, '储存', '易燃', '储存场所设置监测报警装置');
  await t(IndustryCategory.HAZCHEM_TRADE, '储存', '有毒', '剧毒化学品双人收发、双人保管');
  await t(IndustryCategory.HAZCHEM_TRADE, '经营', '易燃', '经营许可证在有效期内');
  await t(IndustryCategory.HAZCHEM_PRODUCTION, '储存', '易燃', '生产装置区可燃气体报警');
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('on-site plan', () => {
  it('is drafted from the templates of the enterprise industry, category and risk tag, and approved before the start', async () => {
    const inspection = await schedule(db.orm.em, clock, creditCode(81), { checklist: [], scheduledDate: '2025-03-03' });
    const drafted = await api.run(`mutation($id: ID!) { draftOnSitePlan(inspectionId: $id, categories: ["储存"]) { onSitePlanApprovedAt checklist { edges { node { item basis } } } } }`, { id: inspection.id }, regulator);
    expect(drafted.errors).toBeUndefined();
    expect(drafted.data!.draftOnSitePlan.checklist.edges.map((e: { node: { item: string } }) => e.node.item)).toEqual(['储存场所设置监测报警装置', '剧毒化学品双人收发、双人保管']);
    // Drafting again adds only what is missing.
    await plans().draft(regulator, inspection.id, { categories: ['储存', '经营'], riskTags: ['易燃'] });
    expect(await db.orm.em.fork().count(ChecklistItem, { inspection: inspection.id })).toBe(3);

    await expect(stages(db.orm.em, clock).inspections.startInspection(regulator, { id: inspection.id })).rejects.toMatchObject({ code: 'ON_SITE_PLAN_NOT_APPROVED' });
    expect(codes(await api.run(`mutation($id: ID!) { approveOnSitePlan(inspectionId: $id) { id } }`, { id: inspection.id }, enterpriseViewer(creditCode(81))))).toEqual(['FORBIDDEN']);
    await plans().approve(regulator, inspection.id);
    await expect(plans().approve(regulator, inspection.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    // A change before the start needs a new approval.
    await stages(db.orm.em, clock).inspections.addChecklistItem(regulator, { inspectionId: inspection.id, item: '现场临时增加：装卸作业' });
    await expect(stages(db.orm.em, clock).inspections.startInspection(regulator, { id: inspection.id })).rejects.toMatchObject({ code: 'ON_SITE_PLAN_NOT_APPROVED' });
    await plans().approve(regulator, inspection.id);
    expect((await stages(db.orm.em, clock).inspections.startInspection(regulator, { id: inspection.id })).status).toBe(InspectionStatus.IN_PROGRESS);
    await expect(plans().draft(regulator, inspection.id, {})).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('refuses an empty plan, a filter matching nothing, and templates from anyone but a regulator', async () => {
    const inspection = await schedule(db.orm.em, clock, creditCode(81), { checklist: [], scheduledDate: '2025-03-04', justification: '复查' });
    await expect(plans().approve(regulator, inspection.id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(plans().draft(regulator, inspection.id, { categories: ['特种作业'] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(plans().defineTemplate(enterpriseViewer(creditCode(81)), { industry: IndustryCategory.HAZCHEM_TRADE, category: 'x', riskTag: 'y', item: 'z', basis: 'b' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(plans().defineTemplate(regulator, { industry: IndustryCategory.HAZCHEM_TRADE, category: 'x', riskTag: 'y', item: 'z', basis: ' ' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'basis'] });
    const library = await api.run(`{ checklistTemplates(industry: HAZCHEM_PRODUCTION) { item category riskTag basis } }`);
    expect(library.data!.checklistTemplates).toEqual([{ item: '生产装置区可燃气体报警', category: '储存', riskTag: '易燃', basis: '《危险化学品安全管理条例》第二十条' }]);
  });
});
