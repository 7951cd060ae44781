import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { docsScreenshot, launchBrowser, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { callApi, seedEnterprise, seedMovements, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let jinshan: SeededEnterprise;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  let fengxian: SeededEnterprise;
  [browser, jinshan, fengxian] = await Promise.all([launchBrowser(), seedEnterprise(app, 9601, '金山氯碱有限公司'), seedEnterprise(app, 9602, '奉贤化工贸易有限公司')]);
  await seedMovements(app, jinshan, [{ direction: 'IN', reason: 'PRODUCTION', product: jinshan.product, batch: 'J-01', quantity: '800' }]);
  await seedMovements(app, fengxian, [{ direction: 'IN', reason: 'PRODUCTION', product: fengxian.product, batch: 'F-01', quantity: '40' }]);
  // 20 more batches: 23 stock rows, two pages.
  await seedMovements(app, fengxian, Array.from({ length: 20 }, (_, i) => ({ direction: 'IN' as const, reason: 'PRODUCTION', product: fengxian.product, batch: `F-${String(i + 2).padStart(2, '0')}`, quantity: '10' })));
  // 6 t of chlorine in W2 reaches GB 18218's 5 t: the major-hazard job tells the regulators, and fire rescue.
  await seedMovements(app, jinshan, [{ direction: 'IN', reason: 'PRODUCTION', product: jinshan.product, batch: 'J-02', quantity: '6000', warehouse: 'W2' }]);
  await runJob(app, 'major-hazard-identification');
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  await signInAs(page, app, db, 'xiaofang.zhou', { role: Role.PARTNER, department: 'FIRE_RESCUE' });
});

afterAll(async () => {
  await screenshot(page, 'partner-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const rowOf = (text: string) => page.locator('.ant-table-tbody tr.ant-table-row', { hasText: text });
const rows = () => page.locator('.ant-table-tbody tr.ant-table-row');
/** The column headings of the list on show: what the mandate lets it ask for. */
const headings = async (on: Page = page) => (await on.locator('.ant-table-thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean);

describe('协同查询 (a fire-rescue department account)', () => {
  it('shows the lists its mandate opens, each a page of rows', async () => {
    await page.getByText('企业信息、仓库、库存、重大危险源').waitFor();
    await page.getByRole('menuitem', { name: '协同查询' }).click();
    await tab('企业信息').waitFor();
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['企业信息', '仓库', '库存', '通知', '查询记录']);
    await rowOf('金山氯碱有限公司').getByRole('cell', { name: jinshan.code }).waitFor();
    await rowOf('奉贤化工贸易有限公司').waitFor();
    await page.getByText('第 1 页，共 2 条').waitFor();
    expect(await headings()).toEqual(['企业', '统一社会信用代码', '属地镇街', '监管层级', '状态', '处置']);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await rowOf('金山氯碱有限公司').getByRole('button', { name: /仓\s*库/ }).click();
    await rowOf('W1 W1 号库').getByText(/^S = \d/).waitFor();
    await rowOf('W2 W2 号库').waitFor();
    expect(page.url()).toContain(`enterprise=${jinshan.code}`);
    // MAJOR_HAZARD adds the sum S to WAREHOUSES' own fields.
    expect(await headings()).toEqual(['仓库', '地址', '储存方式', '设计容量', '重大危险源辨识']);

    await tab('库存').click();
    await rowOf('J-01').getByText('800 千克').waitFor();
    await rowOf('F-01').getByText('40 千克').waitFor();
    expect(await headings()).toEqual(['企业', '仓库', '产品', '批号', '数量', '更新时间']);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('pages the stock 20 rows at a time, the server keeping the place', async () => {
    await page.getByText('第 1 页，共 23 条').waitFor();
    expect(await rows().count()).toBe(20);
    const first = await rows().allInnerTexts();
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 页，共 23 条').waitFor();
    await rows().nth(3).waitFor({ state: 'detached' });
    const second = await rows().allInnerTexts();
    expect(second).toHaveLength(3);
    // Every batch once across the two pages.
    const batches = [...first, ...second].map((row) => row.match(/[JF]-\d{2}/)![0]).sort();
    expect(batches).toEqual(['F-01', ...Array.from({ length: 20 }, (_, i) => `F-${String(i + 2).padStart(2, '0')}`), 'J-01', 'J-02'].sort());
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
  });

  it('is told what its mandate covers: the warehouse that became a major hazard, and nothing else', async () => {
    await tab('通知').click();
    const notice = rowOf('金山氯碱有限公司 W2 构成重大危险源（S = ');
    await notice.getByText('辨识为重大危险源').waitFor();
    // The job told the enterprise too; that notice is not the department's.
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await page.getByText('第 1 页，共 1 条').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('is refused a list its mandate does not hold, by the API, and in words', async () => {
    await page.goto(`${app.base}/partner?tab=movements`);
    await page.getByText(/无权访问：/).waitFor();
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(0);
  });

  it('sees its own queries in the audit trail, the refused one included', async () => {
    await tab('查询记录').click();
    await rowOf('PartnerWarehouses').getByText(jinshan.code).waitFor();
    await rowOf('PartnerStock').first().getByText('成功').waitFor(); // the stock's two pages: two requests
    await rowOf('PartnerNotifications').getByText('成功').waitFor();
    await rowOf('PartnerMovements').getByText('被拒绝').waitFor();
    await rowOf('PartnerMovements').getByText('FORBIDDEN').waitFor();
    expect(await rowOf('xiaofang.zhou').count()).toBeGreaterThanOrEqual(4);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await docsScreenshot(page, 'partner-audit');
  });

  it('pages its trail newest first, each next page older', async () => {
    const desk = await app.token({ role: Role.PARTNER, department: 'FIRE_RESCUE', subject: 'duty.desk' });
    const probes = Array.from({ length: 25 }, (_, i) => `Probe${String(i + 1).padStart(2, '0')}`);
    for (const name of probes) await callApi(app, desk, `query ${name} { enterprises(first: 1) { totalCount } }`);
    await page.reload();
    await rowOf('Probe25').waitFor();
    const asked = async () => (await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(3)').allInnerTexts()).filter((op) => op.startsWith('Probe'));
    const first = await asked();
    expect(first[0]).toBe('Probe25');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText(/^第 2 页，共 \d+ 条$/).waitFor();
    await rowOf('Probe01').waitFor();
    const second = await asked();
    // Newest first with neither gap nor repeat across the pages: the 25 probes in reverse.
    expect([...first, ...second]).toEqual([...probes].reverse());
    await page.getByRole('button', { name: '上一页' }).click();
    await rowOf('Probe25').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('narrows its trail to a day, from the second page back to the first, and says so when that day has none', async () => {
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText(/^第 2 页，共 \d+ 条$/).waitFor();
    await page.getByPlaceholder('请选择日期').fill('2020-01-02');
    await page.getByPlaceholder('请选择日期').press('Enter');
    await page.getByText('第 1 页，共 0 条').waitFor();
    await page.locator('.ant-table-tbody .ant-empty-description', { hasText: '暂无数据' }).waitFor();
    expect(await rows().count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

describe('协同查询 (a public-security department account)', () => {
  it('reads the controlled movements with their counterparties, and no waybill it does not hold', async () => {
    const other = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
    try {
      await signInAs(other, app, db, 'gongan.wang', { role: Role.PARTNER, department: 'PUBLIC_SECURITY' });
      await other.getByRole('menuitem', { name: '协同查询' }).click();
      await other.getByRole('tab', { name: '查询记录' }).waitFor();
      expect(await other.getByRole('tab').allInnerTexts()).toEqual(['企业信息', '出入库记录', '查询记录']);
      await other.getByRole('tab', { name: '出入库记录', exact: true }).click();
      // Chlorine is highly toxic: every movement of the two enterprises, 23 of them.
      await other.getByText('第 1 页，共 23 条').waitFor();
      expect(await headings(other)).toEqual(['发生时间', '企业', '出入库', '事由', '产品', '批号', '仓库', '数量', '对方企业', '校验']);
      expect(await other.getByText(/无权访问/).count()).toBe(0);
      expect(await seriousA11yViolations(other)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

/** Runs a job now as a district regulator would (runJobNow), and waits for its run to finish. */
async function runJob(server: ConsoleServer, name: string): Promise<void> {
  const token = await server.token({ role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
  const { runJobNow } = await callApi(server, token, `mutation($n: String!) { runJobNow(name: $n) { id } }`, { n: name });
  for (let status = 'RUNNING'; status === 'RUNNING'; await new Promise((r) => setTimeout(r, 200))) {
    ({ status } = (await callApi(server, token, `query($id: ID!) { jobRun(id: $id) { status } }`, { id: runJobNow.id })).jobRun);
    if (status === 'FAILED' || status === 'SKIPPED') throw new Error(`${name}: ${status}`);
  }
}
