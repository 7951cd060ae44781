import { Browser, Locator, Page, Request } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { docsScreenshot, launchBrowser, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { seedEnterprise, seedMovements, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let trader: SeededEnterprise;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  [browser, trader] = await Promise.all([launchBrowser(), seedEnterprise(app, 9201, '浦江危化品贸易有限公司')]);
  // 25 batches of 10 kg in W1: two pages of stock.
  await seedMovements(
    app,
    trader,
    Array.from({ length: 25 }, (_, i) => ({ direction: 'IN' as const, reason: 'PURCHASE', product: trader.product, batch: `B${String(i + 1).padStart(2, '0')}`, quantity: '10' })),
  );
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  await signInAs(page, app, db, 'pujiang.clerk', { role: Role.ENTERPRISE, enterprise: trader.code });
});

afterAll(async () => {
  await screenshot(page, 'enterprise-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

const tableRows = () => page.locator('.ant-table-tbody tr.ant-table-row');

/**
 * Submits the movement form and returns the API's answer. When it fails, it says which step did: the form sent nothing
 * (naming what it shows instead), or the API did not answer (on a loaded CI machine a commit can wait long for the disk).
 */
async function submitMovement(form: Locator): Promise<{ errors?: { extensions?: Record<string, unknown> }[] }> {
  const ours = (r: Request) => r.postData()?.includes('mutation RecordMovement') === true;
  const sent = page.waitForRequest(ours, { timeout: 15_000 });
  const answered = page.waitForResponse((r) => ours(r.request()), { timeout: 45_000 });
  answered.catch(() => undefined); // awaited below, unless nothing was sent
  await form.getByRole('button', { name: /提\s*交/ }).click();
  try {
    await sent;
  } catch {
    const shown = await form.locator('.ant-form-item-explain-error, .ant-alert').allInnerTexts();
    throw new Error(`the form sent no movement within 15 s; it shows ${JSON.stringify(shown)}`);
  }
  try {
    return await (await answered).json();
  } catch (error) {
    throw new Error(`the API did not answer the movement: ${(error as Error).message}`);
  }
}

// One signed-in enterprise user walks through its pages in order, as a person would.
describe('an enterprise user (企业用户)', () => {
  it('sees its stock 20 rows a page, with the product total in its unit', async () => {
    await page.getByRole('menuitem', { name: '库存' }).click();
    await page.getByText('第 1 页，共 25 条').waitFor();
    expect(await tableRows().count()).toBe(20);
    await page.getByText('250 千克').waitFor();
    await page.getByText('25 个批次').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await docsScreenshot(page, 'stock');
    await page.getByRole('button', { name: /下一页/ }).click();
    await page.getByText('第 2 页，共 25 条').waitFor();
    await tableRows().nth(5).waitFor({ state: 'detached' });
    expect(await tableRows().count()).toBe(5);
  });

  it('lists its movements 20 a page and filters them by batch, from the second page back to the first', async () => {
    await page.getByRole('menuitem', { name: '出入库记录' }).click();
    await page.getByText('第 1 页，共 25 条').waitFor();
    expect(await tableRows().count()).toBe(20);
    await page.getByRole('button', { name: /下一页/ }).click();
    await page.getByText('第 2 页，共 25 条').waitFor();
    await tableRows().nth(5).waitFor({ state: 'detached' });
    expect(await tableRows().count()).toBe(5);
    await page.locator('#filters_batch').fill('B03');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('第 1 页，共 1 条').waitFor();
    await tableRows().nth(1).waitFor({ state: 'detached' });
    expect(await tableRows().count()).toBe(1);
    await tableRows().getByText('采购入库').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('keeps the movement filters in the address: a reload or a shared link shows the same filters and rows', async () => {
    await page.locator('#filters_direction').click();
    await page.locator('.ant-select-item-option', { hasText: '入库' }).click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL((url) => url.searchParams.get('direction') === 'IN' && url.searchParams.get('batch') === 'B03');
    await page.reload();
    await page.getByText('第 1 页，共 1 条').waitFor();
    await tableRows().getByText('B03').waitFor();
    expect(await page.locator('#filters_batch').inputValue()).toBe('B03');
    await page.locator('.ant-form-item', { has: page.locator('#filters_direction') }).getByText('入库', { exact: true }).waitFor();

    // A link with a period: the days show in the picker and bound the rows (Shanghai days, the last included).
    const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
    await page.goto(`${app.base}/movements?batch=B03&from=${day(-1)}&to=${day(1)}`);
    await page.getByText('第 1 页，共 1 条').waitFor();
    expect(await page.locator('#filters_period').inputValue()).toBe(day(-1));
    await page.goto(`${app.base}/movements?batch=B03&from=2020-01-01&to=2020-01-31`);
    await page.getByText('第 1 页，共 0 条').waitFor();
    await page.goto(`${app.base}/movements`);
    await page.getByText('第 1 页，共 25 条').waitFor();
  });

  it('says so when no movement matches the filters', async () => {
    await page.locator('#filters_batch').fill('NO-SUCH-BATCH');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('第 1 页，共 0 条').waitFor();
    await page.locator('.ant-table-tbody .ant-empty-description', { hasText: '暂无数据' }).waitFor();
    expect(await tableRows().count()).toBe(0);
    expect(await page.getByRole('button', { name: /下一页/ }).isDisabled()).toBe(true);
  });

  it('records a sale by hand: the API’s refusal shows on the quantity field, a fixed quantity is recorded', async () => {
    await page.getByRole('button', { name: '登记出入库' }).click();
    const form = page.getByRole('dialog');
    await form.getByText('出库', { exact: true }).click();
    await form.getByLabel('事由').click();
    await page.locator('.ant-select-item-option', { hasText: '销售出库' }).click();
    await form.getByLabel('仓库').click();
    await page.locator('.ant-select-item-option', { hasText: 'W1 W1 号库' }).click();
    await form.getByLabel('产品追溯码').fill(trader.product);
    await form.getByLabel('批号').fill('B01');
    await form.getByLabel('数量').fill('500');
    const answer = await submitMovement(form);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: 'input.entries.0.quantity' });
    await form.locator('#movement_quantity_help').getByText('库存不足：现有 10.000，本次出库 500.000').waitFor();
    expect(await seriousA11yViolations(page, '.ant-drawer')).toEqual([]);
    await docsScreenshot(page, 'movement-form');

    await form.getByLabel('数量').fill('4');
    expect((await submitMovement(form)).errors).toBeUndefined();
    await page.getByText('已登记（序号 26）').waitFor();
    await page.locator('#filters_batch').fill('B01');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await tableRows().getByText('销售出库').waitFor();
    await tableRows().nth(2).waitFor({ state: 'detached' });
    expect(await tableRows().count()).toBe(2);
    await docsScreenshot(page, 'movements');

    await page.getByRole('menuitem', { name: '库存' }).click();
    await page.getByText('246 千克').waitFor();
  });
});
