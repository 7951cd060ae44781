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
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, stages, testClock } from '../support/inspection-fixtures';
import { countStatements } from '../support/statements';

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
    const library = await api.run(`{ checklistTemplates(industry: HAZCHEM_PRODUCTION) { edges { node { item category riskTag basis } } } }`);
    expect(library.data!.checklistTemplates.edges.map((e: { node: unknown }) => e.node)).toEqual([{ item: '生产装置区可燃气体报警', category: '储存', riskTag: '易燃', basis: '《危险化学品安全管理条例》第二十条' }]);
  });
});

describe('the item library', () => {
  type Library = { totalCount?: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { item: string } }[] };
  const LIBRARY = `query($industry: IndustryCategory, $categories: [String!], $riskTags: [String!], $first: Int, $after: String) {
    checklistTemplates(industry: $industry, categories: $categories, riskTags: $riskTags, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { item } } } }`;
  const read = async (variables: Record<string, unknown>) => {
    const result = await api.run<{ checklistTemplates: Library }>(LIBRARY, variables, anonymous);
    expect(result.errors).toBeUndefined();
    return result.data!.checklistTemplates;
  };
  const items = (page: Library) => page.edges.map((e) => e.node.item);

  it('is a public connection, paged oldest first by cursor', async () => {
    const first = await read({ industry: 'HAZCHEM_TRADE', first: 2 });
    expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(items(first)).toEqual(['储存场所设置监测报警装置', '剧毒化学品双人收发、双人保管']);
    const second = await read({ industry: 'HAZCHEM_TRADE', first: 2, after: first.pageInfo.endCursor });
    expect(second).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
    expect(items(second)).toEqual(['经营许可证在有效期内']);
  });

  it('is filtered by industry, any of the categories and any of the risk tags', async () => {
    expect(items(await read({ categories: ['储存'], riskTags: ['易燃'] }))).toEqual(['储存场所设置监测报警装置', '生产装置区可燃气体报警']);
    expect(items(await read({ industry: 'HAZCHEM_TRADE', riskTags: ['易燃'] }))).toEqual(['储存场所设置监测报警装置', '经营许可证在有效期内']);
    expect(items(await read({ industry: 'HAZCHEM_TRADE', categories: ['储存', '经营'], riskTags: ['有毒'] }))).toEqual(['剧毒化学品双人收发、双人保管']);
    expect(await read({ categories: ['特种作业'] })).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    // An empty list filters nothing.
    expect((await read({ categories: [] })).totalCount).toBe(4);
  });

  it('counts only when totalCount is selected, and refuses a page too large or a forged cursor', async () => {
    const { result, sql } = await countStatements(() => api.run(`{ checklistTemplates(first: 1) { edges { node { item } } } }`));
    expect(result.errors).toBeUndefined();
    expect(sql.some((s) => /count\(/i.test(s))).toBe(false);
    const counted = await countStatements(() => api.run(`{ checklistTemplates { totalCount } }`));
    expect(counted.result.data!.checklistTemplates.totalCount).toBe(4);
    expect(counted.sql.filter((s) => /^select/i.test(s))).toEqual([expect.stringMatching(/count\(/i)]);
    expect(codes(await api.run(`{ checklistTemplates(first: 101) { totalCount } }`))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await api.run(`{ checklistTemplates(after: "not-a-cursor") { totalCount } }`))).toEqual(['BAD_USER_INPUT']);
  });
});
