/** Self-checks and insurers' checks (docs/inspection.md, "Self-checks and insurers"), and their recognition by an inspection. */
import { ChecklistItem } from '../../src/inspection/checklist-item.entity';
import { ComplianceGuideService } from '../../src/inspection/compliance-guide.service';
import { ChecklistResult } from '../../src/inspection/inspection.enums';
import { OnSitePlanService } from '../../src/inspection/on-site-plan.service';
import { SelfCheckService } from '../../src/inspection/self-check.service';
import { IndustryCategory } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, stages, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock(); // 2025-03-03
const checks = () => new SelfCheckService(db.orm.em.fork(), clock);
const plans = () => new OnSitePlanService(db.orm.em.fork(), clock);
const me = enterpriseViewer(creditCode(121));
let alarm: string;
let toxic: string;
let licence: string;
let production: string;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 121);
  const t = async (industry: IndustryCategory, item: string) => (await plans().defineTemplate(regulator, { industry, category: '储存', riskTag: '易燃', item, basis: '《危险化学品安全管理条例》' })).id;
  alarm = await t(IndustryCategory.HAZCHEM_TRADE, '储存场所设置监测报警装置');
  toxic = await t(IndustryCategory.HAZCHEM_TRADE, '剧毒化学品双人保管');
  licence = await t(IndustryCategory.HAZCHEM_TRADE, '经营许可证在有效期内');
  production = await t(IndustryCategory.HAZCHEM_PRODUCTION, '生产装置区可燃气体报警');
  // The self-check list: the items of a compliance guide in force for the industry (compliance-guide.test.ts).
  await new ComplianceGuideService(db.orm.em.fork(), clock).publish(regulator, {
    industry: IndustryCategory.HAZCHEM_TRADE,
    category: '储存',
    title: '储存环节合规指引',
    introduction: '企业据此自查',
    items: [alarm, toxic, licence].map((templateId) => ({ templateId, guidance: '按依据落实' })),
  });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('self-checks and insurers’ checks', () => {
  it('are filled in by the enterprise for its industry, not in the future; insurers’ only under a policy in force', async () => {
    await expect(checks().submitSelfCheck(me, { templateId: production, result: ChecklistResult.COMPLIANT, checkedOn: '2025-03-01' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'templateId'] });
    await expect(checks().submitSelfCheck(me, { templateId: alarm, result: ChecklistResult.COMPLIANT, checkedOn: '2025-03-04' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'checkedOn'] });
    expect(codes(await api.run(`mutation($input: ItemCheckInput!) { submitSelfCheck(input: $input) { id } }`, { input: { templateId: alarm, result: 'COMPLIANT', checkedOn: '2025-03-01' } }, regulator))).toEqual(['FORBIDDEN']);
    const submitted = await api.run(`mutation($input: ItemCheckInput!) { submitSelfCheck(input: $input) { source result } }`, { input: { templateId: alarm, result: 'COMPLIANT', checkedOn: '2025-02-20' } }, me);
    expect(submitted.errors).toBeUndefined();
    // Too old to be recognised (over 90 days), and a non-compliant one.
    await checks().submitSelfCheck(me, { templateId: licence, result: ChecklistResult.COMPLIANT, checkedOn: '2024-11-01' });
    await checks().submitSelfCheck(me, { templateId: licence, result: ChecklistResult.NON_COMPLIANT, checkedOn: '2025-02-25' });

    const policy = await checks().recordPolicy(regulator, { enterprise: creditCode(121), insurer: '某财产保险公司', policyNumber: 'AZX2025-001', validFrom: '2025-01-01', validUntil: '2025-12-31', coverYuan: '5000000' });
    await expect(checks().recordInsurerCheck(regulator, policy.id, { templateId: toxic, result: ChecklistResult.COMPLIANT, checkedOn: '2024-12-20' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'checkedOn'] });
    await checks().recordInsurerCheck(regulator, policy.id, { templateId: toxic, result: ChecklistResult.COMPLIANT, checkedOn: '2025-02-10' });
  });

  it('are recognised by an inspection for the same items within 90 days; the rest is checked on site', async () => {
    const inspection = await schedule(db.orm.em, clock, creditCode(121), { checklist: [], scheduledDate: '2025-03-03' });
    await plans().draft(regulator, inspection.id, {});
    await plans().approve(regulator, inspection.id);
    await expect(checks().recognize(regulator, inspection.id)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await stages(db.orm.em, clock).inspections.startInspection(regulator, { id: inspection.id });
    await expect(checks().recognize(me, inspection.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const recognised = await checks().recognize(regulator, inspection.id);
    expect(recognised.map((i) => i.item).sort()).toEqual(['储存场所设置监测报警装置', '剧毒化学品双人保管'].sort());
    const items = await db.orm.em.fork().find(ChecklistItem, { inspection: inspection.id }, { orderBy: { position: 'asc' } });
    expect(items.map((i) => [i.item, i.result])).toEqual([
      ['储存场所设置监测报警装置', ChecklistResult.COMPLIANT],
      ['剧毒化学品双人保管', ChecklistResult.COMPLIANT],
      ['经营许可证在有效期内', null],
    ]);
    expect(items[1].note).toContain('保险机构检查');
    expect(await checks().recognize(regulator, inspection.id)).toEqual([]);
  });
});
