import ExcelJS from 'exceljs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { docsScreenshot, launchBrowser, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { callApi, seedEnterprise, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let trader: SeededEnterprise;

const HEADERS = ['方向', '事由', '仓库编码', '产品追溯码', '批号', '数量', '单位', '发生时间', '对方企业信用代码', '电子运单号'];
const dir = path.join(process.cwd(), 'test-results', 'upload');
/** Two hours ago on the Shanghai wall clock, as a person types it: "2026-12-05 14:30". */
const shanghai = new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  [browser, trader] = await Promise.all([launchBrowser(), seedEnterprise(app, 9401, '临港危化品仓储有限公司')]);
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await signInAs(page, app, db, 'lingang.clerk', { role: Role.ENTERPRISE, enterprise: trader.code });
  mkdirSync(dir, { recursive: true });
});

afterAll(async () => {
  await screenshot(page, 'upload-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

/** 1,200 purchases of 1 kg, batches U0001…; `bad` changes some cells of some rows (row numbers as Excel shows them). */
async function workbook(name: string, bad: Record<number, Partial<Record<string, string>>> = {}): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('出入库');
  sheet.addRow(HEADERS);
  for (let i = 1; i <= 1200; i++) {
    const row: Record<string, string> = { 方向: '入库', 事由: '采购入库', 仓库编码: 'W1', 产品追溯码: trader.product, 批号: `U${String(i).padStart(4, '0')}`, 数量: '1', 单位: '千克', 发生时间: shanghai, ...bad[i + 1] };
    sheet.addRow(HEADERS.map((h) => row[h] ?? null));
  }
  const file = path.join(dir, name);
  await book.xlsx.writeFile(file);
  return file;
}

const movementCount = async () =>
  (await callApi(app, trader.token, `query($e: CreditCode) { movements(enterprise: $e, first: 0) { totalCount } }`, { e: trader.code })).movements.totalCount;

/** Records, from now on, every submitting status line with the progress bar's value at that moment. */
const recordProgress = () =>
  page.evaluate(`
    window.progressSeen = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[role=progressbar]');
      const text = [...document.querySelectorAll('.ant-typography')].map((e) => e.textContent).find((t) => t.startsWith('正在提交'));
      if (bar && text && window.progressSeen.at(-1)?.text !== text) window.progressSeen.push({ text, value: bar.getAttribute('aria-valuenow') });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  `);
const progressSeen = () => page.evaluate('window.progressSeen');

describe('批量导入 (enterprise user)', () => {
  it('offers the template with Chinese headers', async () => {
    await page.getByRole('menuitem', { name: '批量导入' }).click();
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载模板' }).click()]);
    expect(template.suggestedFilename()).toBe('出入库批量导入模板.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await template.path());
    expect((book.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(book.worksheets[0].getCell('B2').dataValidation.formulae?.[0]).toContain('采购入库');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('checks a 1,200-row workbook first and names its two bad rows, recording nothing', async () => {
    const file = await workbook('bad.xlsx', { 6: { 数量: '-5' }, 901: { 仓库编码: 'W9' } });
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('bad.xlsx：共 1200 行，2 行有问题').waitFor({ timeout: 60_000 });
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual(['6', '数量', expect.stringMatching(/^输入有误：quantity must be a positive decimal/)]);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual(['901', '仓库编码', '未找到：no warehouse W9 in this enterprise']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await docsScreenshot(page, 'upload-problems');
    expect(await movementCount()).toBe(0);
  }, 120_000);

  it('takes the fixed file, submits it 1,000 a call with a progress bar, and records each row once even when submitted again', async () => {
    const file = await workbook('fixed.xlsx');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText('fixed.xlsx：1200 行全部检查通过').waitFor({ timeout: 60_000 });
    await recordProgress();
    await page.getByRole('button', { name: '提交 1200 条' }).click();
    await page.getByText('提交完成：新登记 1200 条，此前已登记 0 条').waitFor({ timeout: 60_000 });
    // The bar stood at 1,000 of 1,200 while the second call ran; recorded as it
    // happened, since the second call can finish before a poll would see it.
    expect(await progressSeen()).toContainEqual({ text: '正在提交：1000 / 1200 条', value: '83' });
    await page.getByRole('link', { name: '出入库记录' }).last().click();
    await page.getByText('第 1 页，共 1200 条').waitFor();
    await page.locator('.ant-table-tbody').getByText('U0001').waitFor();

    await page.getByRole('menuitem', { name: '批量导入' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: '提交 1200 条' }).click({ timeout: 60_000 });
    await page.getByText('提交完成：新登记 0 条，此前已登记 1200 条').waitFor({ timeout: 60_000 });
    expect(await movementCount()).toBe(1200);
  }, 180_000);

  it('checks a file over 1,000 rows as one submission: row 1,101 may ship out what row 6 brought in', async () => {
    const file = await workbook('carried.xlsx', { 6: { 批号: 'V0006', 数量: '5' }, 1101: { 方向: '出库', 事由: '销售出库', 批号: 'V0006', 数量: '3' }, 1102: { 方向: '出库', 事由: '销售出库', 批号: 'V0006', 数量: '3' } });
    await page.locator('input[type=file]').setInputFiles(file);
    // Row 1,102 takes out 3 more of the 2 left: named against the stock rows 6 and 1,101 leave, not the ledger's.
    await page.getByText('carried.xlsx：共 1200 行，1 行有问题').waitFor({ timeout: 60_000 });
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual(['1102', '数量', expect.stringMatching(/^库存不足：现有 2\.000，本次出库 3/)]);
    expect(await movementCount()).toBe(1200);
  }, 120_000);

  it('reads a CSV file too', async () => {
    const csv = path.join(dir, 'sale.csv');
    writeFileSync(csv, `\uFEFF${HEADERS.join(',')}\r\n出库,销售出库,W1,${trader.product},U0001,0.5,千克,${shanghai},,"WB-2026,1"\r\n`);
    await page.locator('input[type=file]').setInputFiles(csv);
    await page.getByRole('button', { name: '提交 1 条' }).click({ timeout: 60_000 });
    await page.getByText('提交完成：新登记 1 条，此前已登记 0 条').waitFor();
    expect(await movementCount()).toBe(1201);
  });
});
