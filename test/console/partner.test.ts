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

describe('协同查询 (a fire-rescue department account)', () => {
  it('shows the lists its mandate opens, each a page of rows', async () => {
    await page.getByText('企业信息、仓库、库存、重大危险源').waitFor();
    await page.getByRole('menuitem', { name: '协同查询' }).click();
    await tab('企业信息').waitFor();
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['企业信息', '仓库', '库存', '通知', '查询记录']);
    await rowOf('金山氯碱有限公司').getByRole('cell', { name: jinshan.code }).waitFor();
    await rowOf('奉贤化工贸易有限公司').waitFor();
    await page.getByText('第 1 页，共 2 条').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await rowOf('金山氯碱有限公司').getByRole('button', { name: /仓\s*库/ }).click();
    await rowOf('W1 W1 号库').getByText(/^S = \d/).waitFor();
    await rowOf('W2 W2 号库').waitFor();
    expect(page.url()).toContain(`enterprise=${jinshan.code}`);

    await tab('库存').click();
    await rowOf('J-01').getByText('800 千克').waitFor();
    await rowOf('F-01').getByText('40 千克').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
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
    await rowOf('PartnerStock').getByText('成功').waitFor();
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
