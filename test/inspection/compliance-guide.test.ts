/**
 * Compliance guides (合规指引, docs/inspection.md): published from the item library by DISTRICT and CITY
 * regulators, read by anyone, superseded or withdrawn; their items are the enterprises' self-check list,
 * each item showing the enterprise its latest self-check and until when an inspection recognises it.
 */
import { Role, Viewer } from '../../src/access/viewer';
import { ChecklistResult } from '../../src/inspection/inspection.enums';
import { OnSitePlanService } from '../../src/inspection/on-site-plan.service';
import { SelfCheckService } from '../../src/inspection/self-check.service';
import { EnforcementLevel, IndustryCategory } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, partner, registerEnterprise, regulator } from '../support/fixtures';
import { testClock } from '../support/inspection-fixtures';
import { tableDigests } from '../support/row-counts';
import { countStatements } from '../support/statements';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock(); // 2025-03-03
const district: Viewer = { role: Role.REGULATOR, subject: 'district-1', level: EnforcementLevel.DISTRICT };
const gaoqiao: Viewer = { role: Role.REGULATOR, subject: 'town-1', level: EnforcementLevel.TOWN, town: '高桥镇' };
const xinqiao: Viewer = { role: Role.REGULATOR, subject: 'town-2', level: EnforcementLevel.TOWN, town: '新桥镇' };
const me = enterpriseViewer(creditCode(131));
const t: Record<string, string> = {};
const guides: Record<string, string> = {};

const PUBLISH = `mutation($input: PublishComplianceGuideInput!) { publishComplianceGuide(input: $input) { id title withdrawnAt } }`;
const WITHDRAW = `mutation($id: ID!, $r: String!) { withdrawComplianceGuide(id: $id, reason: $r) { withdrawnAt withdrawReason } }`;
const LIST = `query($all: Boolean! = false) { complianceGuides(industry: HAZCHEM_TRADE, includeWithdrawn: $all, first: 10) { totalCount edges { node { id title supersededBy items(first: 20) { edges { node { position guidance template { item basis riskTag } } } } } } } }`;
const SELF = `query($id: ID!, $e: CreditCode) { complianceGuide(id: $id) { items { edges { node { template { item } latestSelfCheck(enterprise: $e) { result checkedOn recognisedUntil } } } } } }`;
const SUBMIT = `mutation($input: ItemCheckInput!) { submitSelfCheck(input: $input) { result } }`;

const storage = (over: Record<string, unknown> = {}) => ({
  industry: 'HAZCHEM_TRADE',
  category: '储存',
  title: '危险化学品经营企业储存环节合规指引（2025版）',
  introduction: '本指引列明储存环节的检查事项、法律依据和合规要求，企业据此开展自查。',
  items: [
    { templateId: t.alarm, guidance: '储存场所按GB 50493设置可燃、有毒气体报警装置，每年检定，保存检定记录' },
    { templateId: t.toxic, guidance: '剧毒化学品实行双人收发、双人保管，出入库登记台账' },
  ],
  ...over,
});

async function refused(viewer: Viewer | undefined, query: string, variables: Record<string, unknown>, code: string, field: string): Promise<void> {
  const before = await tableDigests(db.orm);
  const result = await api.run(query, variables, viewer);
  expect([codes(result), result.errors?.[0].extensions?.field]).toEqual([[code], field]);
  expect(await tableDigests(db.orm)).toEqual(before);
}

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 131);
  await registerEnterprise(db.orm.em, 132);
  const plans = new OnSitePlanService(db.orm.em.fork(), clock);
  const template = async (industry: IndustryCategory, item: string) => (await plans.defineTemplate(regulator, { industry, category: '储存', riskTag: '有毒', item, basis: '《危险化学品安全管理条例》第二十四条' })).id;
  t.alarm = await template(IndustryCategory.HAZCHEM_TRADE, '储存场所设置监测报警装置');
  t.toxic = await template(IndustryCategory.HAZCHEM_TRADE, '剧毒化学品双人保管');
  t.licence = await template(IndustryCategory.HAZCHEM_TRADE, '经营许可证在有效期内');
  t.production = await template(IndustryCategory.HAZCHEM_PRODUCTION, '生产装置区可燃气体报警');
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('compliance guides', () => {
  it('are published by DISTRICT and CITY regulators only, from the item library of their industry, each item once, writing nothing otherwise', async () => {
    await refused(gaoqiao, PUBLISH, { input: storage() }, 'FORBIDDEN', 'publishComplianceGuide');
    await refused(me, PUBLISH, { input: storage() }, 'FORBIDDEN', 'Mutation.publishComplianceGuide');
    await refused(district, PUBLISH, { input: storage({ items: [] }) }, 'BAD_USER_INPUT', 'input.items');
    await refused(district, PUBLISH, { input: storage({ title: ' ' }) }, 'BAD_USER_INPUT', 'input.title');
    await refused(district, PUBLISH, { input: storage({ items: [{ templateId: t.alarm, guidance: '' }] }) }, 'BAD_USER_INPUT', 'input.items.0.guidance');
    await refused(district, PUBLISH, { input: storage({ items: [{ templateId: t.alarm, guidance: '报警' }, { templateId: '999999', guidance: '无' }] }) }, 'NOT_FOUND', 'input.items.1.templateId');
    await refused(district, PUBLISH, { input: storage({ items: [{ templateId: t.production, guidance: '报警' }] }) }, 'BAD_USER_INPUT', 'input.items.0.templateId');
    await refused(district, PUBLISH, { input: storage({ items: [{ templateId: t.alarm, guidance: '报警' }, { templateId: t.alarm, guidance: '再次' }] }) }, 'BAD_USER_INPUT', 'input.items.1.templateId');
    const published = await api.run<{ publishComplianceGuide: { id: string } }>(PUBLISH, { input: storage() }, district);
    expect(published.errors).toBeUndefined();
    guides.first = published.data!.publishComplianceGuide.id;
  });

  it('are read by anyone, items in order with their legal basis', async () => {
    const read = await api.run<{ complianceGuides: { totalCount: number; edges: { node: unknown }[] } }>(LIST, {});
    expect(read.errors).toBeUndefined();
    expect(read.data!.complianceGuides.totalCount).toBe(1);
    expect(read.data!.complianceGuides.edges[0].node).toEqual({
      id: guides.first,
      title: '危险化学品经营企业储存环节合规指引（2025版）',
      supersededBy: null,
      items: {
        edges: [
          { node: { position: 1, guidance: expect.stringContaining('GB 50493'), template: { item: '储存场所设置监测报警装置', basis: '《危险化学品安全管理条例》第二十四条', riskTag: '有毒' } } },
          { node: { position: 2, guidance: expect.stringContaining('双人保管'), template: { item: '剧毒化学品双人保管', basis: '《危险化学品安全管理条例》第二十四条', riskTag: '有毒' } } },
        ],
      },
    });
  });

  it("are the self-check list: an enterprise self-checks their items only, and reads its latest check of each", async () => {
    await refused(me, SUBMIT, { input: { templateId: t.licence, result: 'COMPLIANT', checkedOn: '2025-03-01' } }, 'BAD_USER_INPUT', 'input.templateId');
    const checks = new SelfCheckService(db.orm.em.fork(), clock);
    await checks.submitSelfCheck(me, { templateId: t.alarm, result: ChecklistResult.NON_COMPLIANT, checkedOn: '2025-02-01' });
    await checks.submitSelfCheck(me, { templateId: t.alarm, result: ChecklistResult.COMPLIANT, checkedOn: '2025-02-20' });
    const own = await api.run<{ complianceGuide: { items: { edges: { node: unknown }[] } } }>(SELF, { id: guides.first }, me);
    expect(own.data!.complianceGuide.items.edges.map((e) => e.node)).toEqual([
      { template: { item: '储存场所设置监测报警装置' }, latestSelfCheck: { result: 'COMPLIANT', checkedOn: '2025-02-20', recognisedUntil: '2025-05-21' } },
      { template: { item: '剧毒化学品双人保管' }, latestSelfCheck: null },
    ]);
    const seen = await api.run<{ complianceGuide: { items: { edges: { node: { latestSelfCheck: unknown } }[] } } }>(SELF, { id: guides.first, e: creditCode(131) }, gaoqiao);
    expect(seen.data!.complianceGuide.items.edges[0].node.latestSelfCheck).toEqual({ result: 'COMPLIANT', checkedOn: '2025-02-20', recognisedUntil: '2025-05-21' });
    const field = async (viewer: Viewer | undefined, e?: string) => {
      const result = await api.run(SELF, { id: guides.first, ...(e ? { e } : {}) }, viewer);
      return [codes(result)[0], result.errors?.[0].extensions?.field];
    };
    expect(await field(me, creditCode(132))).toEqual(['FORBIDDEN', 'enterprise']);
    expect(await field(district)).toEqual(['BAD_USER_INPUT', 'enterprise']);
    expect(await field(xinqiao, creditCode(131))).toEqual(['FORBIDDEN', 'enterprise']);
    expect(await field(partner('FIRE_RESCUE'), creditCode(131))).toEqual(['FORBIDDEN', 'enterprise']);
    expect(await field(undefined, creditCode(131))).toEqual(['UNAUTHENTICATED', undefined]);
  });

  it('are superseded by the next guide of the same industry and category: its items alone are then the list', async () => {
    const next = await api.run<{ publishComplianceGuide: { id: string } }>(PUBLISH, { input: storage({ title: '储存环节合规指引（2025修订）', items: [{ templateId: t.alarm, guidance: '报警装置每年检定' }, { templateId: t.licence, guidance: '许可证到期前3个月申请延续' }] }) }, district);
    guides.second = next.data!.publishComplianceGuide.id;

    const inForce = await api.run<{ complianceGuides: { edges: { node: { id: string } }[] } }>(LIST, {});
    expect(inForce.data!.complianceGuides.edges.map((e) => e.node.id)).toEqual([guides.second]);
    const all = await api.run<{ complianceGuides: { edges: { node: { id: string; supersededBy: string | null } }[] } }>(LIST, { all: true });
    expect(all.data!.complianceGuides.edges.map((e) => [e.node.id, e.node.supersededBy])).toEqual([
      [guides.first, guides.second],
      [guides.second, null],
    ]);
    await refused(me, SUBMIT, { input: { templateId: t.toxic, result: 'COMPLIANT', checkedOn: '2025-03-01' } }, 'BAD_USER_INPUT', 'input.templateId');
    expect((await api.run(SUBMIT, { input: { templateId: t.licence, result: 'COMPLIANT', checkedOn: '2025-03-01' } }, me)).errors).toBeUndefined();
  });

  it('are withdrawn with a reason, once, by DISTRICT and CITY regulators: no list remains', async () => {
    await refused(gaoqiao, WITHDRAW, { id: guides.second, r: '法规修订' }, 'FORBIDDEN', 'withdrawComplianceGuide');
    await refused(district, WITHDRAW, { id: guides.second, r: '' }, 'BAD_USER_INPUT', 'reason');
    await refused(district, WITHDRAW, { id: '999999', r: '法规修订' }, 'NOT_FOUND', 'id');
    await refused(district, WITHDRAW, { id: guides.first, r: '法规修订' }, 'INVALID_TRANSITION', 'id');
    const withdrawn = await api.run(WITHDRAW, { id: guides.second, r: '《危险化学品安全管理条例》修订' }, { role: Role.REGULATOR, subject: 'city-1', level: EnforcementLevel.CITY });
    expect(withdrawn.data).toEqual({ withdrawComplianceGuide: { withdrawnAt: expect.anything(), withdrawReason: '《危险化学品安全管理条例》修订' } });
    expect((await api.run<{ complianceGuides: { totalCount: number } }>(LIST, {})).data!.complianceGuides.totalCount).toBe(0);
    await refused(me, SUBMIT, { input: { templateId: t.alarm, result: 'COMPLIANT', checkedOn: '2025-03-02' } }, 'BAD_USER_INPUT', 'input.templateId');
  });

  it("read an enterprise's self-checks of all the items in as many statements for 6 items as for 2", async () => {
    const plans = new OnSitePlanService(db.orm.em.fork(), clock);
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) ids.push((await plans.defineTemplate(regulator, { industry: IndustryCategory.HAZCHEM_TRADE, category: '经营', riskTag: '易燃', item: `经营事项${i}`, basis: '《危险化学品经营许可证管理办法》' })).id);
    const sales = await api.run<{ publishComplianceGuide: { id: string } }>(PUBLISH, { input: storage({ category: '经营', title: '经营环节合规指引', items: ids.map((templateId) => ({ templateId, guidance: '按办法落实' })) }) }, district);
    const checks = new SelfCheckService(db.orm.em.fork(), clock);
    for (const templateId of ids.slice(0, 3)) await checks.submitSelfCheck(me, { templateId, result: ChecklistResult.COMPLIANT, checkedOn: '2025-03-01' });
    const read = (id: string) => countStatements(() => api.run<{ complianceGuide: { items: { edges: { node: { latestSelfCheck: unknown } }[] } } }>(SELF, { id }, me));
    const two = await read(guides.first);
    const six = await read(sales.data!.publishComplianceGuide.id);
    expect(six.result.data!.complianceGuide.items.edges.map((e) => e.node.latestSelfCheck !== null)).toEqual([true, true, true, false, false, false]);
    expect(two.result.errors).toBeUndefined();
    expect(six.statements).toBe(two.statements);
  });
});
