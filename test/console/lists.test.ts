import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { launchBrowser, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { callApi, seedEnterprise, seedMovements, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode } from '../support/fixtures';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let alertCounts: { all: number; unlicensedBuyer: number };

// 22 enterprises, one in 高东镇: two pages of 企业名录. One of them buys chlorine without a licence 24 times
// and sells once to an unregistered buyer: more than a page of alerts, of two types.
beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  let trader: SeededEnterprise;
  [browser, trader] = await Promise.all([launchBrowser(), seedEnterprise(app, 9801, '高东危化品经营部', '高东镇')]);
  for (let n = 9802; n <= 9822; n += 7) {
    await Promise.all(Array.from({ length: Math.min(7, 9823 - n) }, (_, i) => seedEnterprise(app, n + i, `高桥第${n + i - 9801}化工有限公司`, '高桥镇')));
  }
  await seedMovements(app, trader, [
    ...Array.from({ length: 24 }, (_, i) => ({ direction: 'IN' as const, reason: 'PURCHASE', product: trader.product, batch: `A${String(i + 1).padStart(2, '0')}`, quantity: '10' })),
    { direction: 'OUT', reason: 'SALE', product: trader.product, batch: 'A01', quantity: '5', counterparty: creditCode(9899) },
  ]);
  const regulator = await app.token({ role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
  const counts = await callApi(app, regulator, `{ all: alerts { totalCount } unlicensedBuyer: alerts(code: COUNTERPARTY_UNLICENSED) { totalCount } }`);
  alertCounts = { all: counts.all.totalCount, unlicensedBuyer: counts.unlicensedBuyer.totalCount };
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  await signInAs(page, app, db, 'lists.regulator', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
});

afterAll(async () => {
  await screenshot(page, 'lists-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

const rows = () => page.locator('.ant-table-tbody tr.ant-table-row');
const pager = (text: string) => page.getByText(text, { exact: true }).waitFor();
const next = () => page.getByRole('button', { name: /下一页/ });
const filter = () => page.getByRole('button', { name: /查\s*询/ }).click();
/** Waits for the table to hold exactly n rows (the previous page's rows gone). */
async function expectRows(n: number): Promise<void> {
  await rows().nth(n).waitFor({ state: 'detached' });
  if (n > 0) await rows().nth(n - 1).waitFor();
  expect(await rows().count()).toBe(n);
}
async function choose(label: string, option: string): Promise<void> {
  await page.getByLabel(label).click();
  await page.locator('.ant-select-item-option', { hasText: option }).click();
}

describe('企业名录 (regulator), paged by the server', () => {
  it('shows the first page, then the next, and back', async () => {
    await page.goto(`${app.base}/enterprises`);
    await pager('第 1 页，共 22 条');
    await expectRows(20);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await next().click();
    await pager('第 2 页，共 22 条');
    await expectRows(2);
    expect(await next().isDisabled()).toBe(true);
    await page.getByRole('button', { name: /上一页/ }).click();
    await pager('第 1 页，共 22 条');
    await expectRows(20);
  });

  it('filters by town from the second page back to the first, keeping the filter in the address', async () => {
    await next().click();
    await pager('第 2 页，共 22 条');
    await page.getByLabel('属地镇街').fill('高东镇');
    await filter();
    await pager('第 1 页，共 1 条');
    await expectRows(1);
    await rows().getByRole('link', { name: '高东危化品经营部' }).waitFor();
    expect(new URL(page.url()).searchParams.get('town')).toBe('高东镇');
    await page.reload();
    await pager('第 1 页，共 1 条');
    expect(await page.getByLabel('属地镇街').inputValue()).toBe('高东镇');
  });

  it('says so when nothing matches', async () => {
    await page.getByLabel('属地镇街').fill('');
    await page.getByLabel('名称或信用代码').fill('没有这家企业');
    await filter();
    await pager('第 1 页，共 0 条');
    await expectRows(0);
    await page.locator('.ant-table-tbody .ant-empty-description', { hasText: '暂无数据' }).waitFor();
    expect(await next().isDisabled()).toBe(true);
    expect(new URL(page.url()).search).toBe(`?search=${encodeURIComponent('没有这家企业')}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

describe('预警处置 (regulator), paged by the server', () => {
  it('shows the first page of alerts, then the next', async () => {
    expect(alertCounts.all).toBeGreaterThan(20);
    await page.goto(`${app.base}/alerts`);
    await pager(`第 1 页，共 ${alertCounts.all} 条`);
    await expectRows(20);
    await next().click();
    await pager(`第 2 页，共 ${alertCounts.all} 条`);
    await expectRows(Math.min(20, alertCounts.all - 20));
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('filters by type, in the address too, which opens the filtered list again', async () => {
    expect(alertCounts.unlicensedBuyer).toBeGreaterThan(0);
    expect(alertCounts.unlicensedBuyer).toBeLessThan(alertCounts.all);
    await choose('类型', '购买方无许可');
    await filter();
    await pager(`第 1 页，共 ${alertCounts.unlicensedBuyer} 条`);
    await expectRows(alertCounts.unlicensedBuyer);
    expect(await rows().filter({ hasText: '购买方无许可' }).count()).toBe(alertCounts.unlicensedBuyer);
    expect(new URL(page.url()).searchParams.get('code')).toBe('COUNTERPARTY_UNLICENSED');
    await page.goto(`${app.base}/alerts?code=COUNTERPARTY_UNLICENSED`);
    await pager(`第 1 页，共 ${alertCounts.unlicensedBuyer} 条`);
  });

  it('says so when no alert is of the status asked for', async () => {
    await choose('状态', '已解决');
    await filter();
    await pager('第 1 页，共 0 条');
    await expectRows(0);
    await page.locator('.ant-table-tbody .ant-empty-description', { hasText: '暂无数据' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
