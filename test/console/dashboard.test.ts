import { Role } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { EntityManager } from '@mikro-orm/postgresql';
import { Browser, Page } from 'playwright-core';
import { docsScreenshot, launchBrowser, measureScripts, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { callApi, seedEnterprise, seedMovements, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';
import { registerWarehouse, regulator as regulatorViewer } from '../support/fixtures';
import { issueLicence } from '../support/licensing-fixtures';
import { LicenceLifecycleService } from '../../src/licensing/licence-lifecycle.service';
import { systemClock } from '../../src/shared/clock';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let north: SeededEnterprise;
let licenceEvents: number;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  let east: SeededEnterprise;
  [browser, north, , east] = await Promise.all([
    launchBrowser(),
    seedEnterprise(app, 9301, '高桥液氯储运有限公司', '高桥镇'),
    seedEnterprise(app, 9302, '高桥精细化工有限公司', '高桥镇'),
    seedEnterprise(app, 9303, '高东化学品经营部', '高东镇'),
  ]);
  // 2 t of chlorine (highly toxic) in 高桥镇, 0.5 t in 高东镇; the sale to 高东 is checked against licences neither holds.
  await seedMovements(app, north, [
    { direction: 'IN', reason: 'PRODUCTION', product: north.product, batch: 'CL-01', quantity: '2500' },
    { direction: 'OUT', reason: 'SALE', product: north.product, batch: 'CL-01', quantity: '500', counterparty: east!.code },
  ]);
  // W03–W11 besides W1 and W2: eleven warehouses, two pages of the enterprise page's warehouse list.
  await Promise.all(Array.from({ length: 9 }, (_, i) => registerWarehouse(db.orm.em as EntityManager, north.code, `W${String(i + 3).padStart(2, '0')}`)));
  await seedMovements(app, east!, [{ direction: 'IN', reason: 'PURCHASE', product: north.product, batch: 'CL-01', quantity: '500', counterparty: north.code }]);
  // A licence suspended and reinstated three times: more events than its card shows at first.
  const licence = await issueLicence(db.orm.em as EntityManager, systemClock, north.code);
  for (let i = 0; i < 3; i++) {
    await new LicenceLifecycleService(db.orm.em.fork() as EntityManager, systemClock).suspendLicence(regulatorViewer, { licenceId: licence.id, reason: `整改第${i + 1}次` });
    await new LicenceLifecycleService(db.orm.em.fork() as EntityManager, systemClock).reinstateLicence(regulatorViewer, { licenceId: licence.id, reason: '整改完成' });
  }
  // Grades come from the risk-grading job, started through the API as a regulator would.
  const regulator = await app.token({ role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
  const { runJobNow } = await callApi(app, regulator, `mutation { runJobNow(name: "risk-grading") { id } }`);
  for (let status = 'RUNNING'; status === 'RUNNING'; ) {
    await new Promise((r) => setTimeout(r, 200));
    status = (await callApi(app, regulator, `query($id: ID!) { jobRun(id: $id) { status } }`, { id: runJobNow.id })).jobRun.status;
  }
  licenceEvents = (await callApi(app, regulator, `query($id: ID!) { licence(id: $id) { events { totalCount } } }`, { id: licence.id })).licence.events.totalCount;
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  await signInAs(page, app, db, 'zhou.min', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
});

afterAll(async () => {
  await screenshot(page, 'dashboard-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

describe('监管总览 and the enterprise page (regulator)', () => {
  it('shows the jurisdiction’s figures and ECharts charts, loaded only with the page', async () => {
    const scripts = measureScripts(page);
    await page.getByRole('menuitem', { name: '监管总览' }).click();
    await page.getByText('企业数').waitFor();
    const charts = page.getByTestId('chart');
    await charts.first().locator('canvas').waitFor();
    const { gzipBytes } = await scripts.stop();
    console.log(`dashboard: ${(gzipBytes / 1024).toFixed(1)} KB gzipped loaded on entering it (ECharts included)`);
    expect(await page.locator('.ant-statistic', { hasText: '企业数' }).locator('.ant-statistic-content').textContent()).toBe('3');
    expect(await charts.count()).toBe(3);
    // ECharts' aria describes each chart's data for screen readers.
    expect(await charts.nth(0).getAttribute('aria-label')).toMatch(/高桥镇/);
    expect(await charts.nth(1).getAttribute('aria-label')).toMatch(/高桥镇.*2/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await docsScreenshot(page, 'dashboard');
  });

  it('leads from 未处置预警 to the alerts, where one is acknowledged and then resolved with a note', async () => {
    await page.locator('.ant-statistic', { hasText: '未处置预警' }).click();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    const first = rows.filter({ has: page.getByRole('button', { name: /确\s*认/ }) }).first();
    const id = await first.getAttribute('data-row-key');
    await first.getByRole('button', { name: /确\s*认/ }).click();
    const row = page.locator(`tr[data-row-key="${id}"]`);
    await row.getByRole('button', { name: /确\s*认/ }).waitFor({ state: 'detached' });
    await row.getByRole('button', { name: /办\s*结/ }).click();
    await page.getByLabel('处置说明').fill('已核实购买方许可证，补录完成');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.getByRole('button', { name: /办\s*结/ }).waitFor({ state: 'detached' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('menuitem', { name: '监管总览' }).click();
  });

  it('leads from a figure to its list and from the list to the enterprise 360 page', async () => {
    await page.locator('.ant-statistic', { hasText: '企业数' }).click();
    await page.getByRole('link', { name: '高桥液氯储运有限公司' }).click();
    await page.getByRole('heading', { name: '高桥液氯储运有限公司' }).waitFor();
    await page.getByText(north.code).waitFor();
    // A licence's events: five with the licence, the rest on 加载更多.
    const card = page.locator('.ant-card', { hasText: '沪浦危化经字' });
    await card.locator('.ant-timeline-item').nth(4).waitFor();
    expect([licenceEvents > 5, await card.locator('.ant-timeline-item').count()]).toEqual([true, 5]);
    await card.getByRole('button', { name: `加载更多（已显示 5 / 共 ${licenceEvents} 条）` }).click();
    await card.locator('.ant-timeline-item').nth(licenceEvents - 1).waitFor();
    await card.getByRole('button', { name: /加载更多/ }).waitFor({ state: 'detached' });
    expect(await card.locator('.ant-timeline-item').count()).toBe(licenceEvents);
    await page.getByRole('tab', { name: '库存' }).click();
    await page.getByText('W1 W1 号库').first().waitFor();
    await page.getByRole('cell', { name: '2,000 千克' }).waitFor();
    await page.getByRole('cell', { name: /S = 0\.4/ }).waitFor();
    // Its sub-lists are read a page at a time: ten warehouses, then the eleventh on the second page.
    const warehouses = page.getByRole('tabpanel').locator('.ant-space-item').first();
    const shown = () => warehouses.locator('tr.ant-table-row td:first-child').allInnerTexts();
    await warehouses.getByText('第 1 页，共 11 条').waitFor();
    const first = await shown();
    await warehouses.getByRole('button', { name: /下一页/ }).click();
    await warehouses.getByText('第 2 页，共 11 条').waitFor();
    await warehouses.locator('tr.ant-table-row').nth(1).waitFor({ state: 'detached' });
    const codes = [...first, ...(await shown())].map((w) => w.split(' ')[0]);
    expect([first.length, codes.length]).toEqual([10, 11]);
    expect(codes.sort()).toEqual(['W03', 'W04', 'W05', 'W06', 'W07', 'W08', 'W09', 'W1', 'W10', 'W11', 'W2']);
    await page.getByRole('tab', { name: '风险等级' }).click();
    await page.getByRole('cell', { name: /级（/ }).first().waitFor();
    await page.getByRole('tab', { name: '出入库记录' }).click();
    await page.getByRole('cell', { name: '销售出库' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: '基本信息' }).click();
    await docsScreenshot(page, 'enterprise-360');
  });
});
