import { EntityManager } from '@mikro-orm/postgresql';
import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { Unit } from '../../src/registry/registry.enums';
import { launchBrowser, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { callApi, seedEnterprise, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';
import { registerProduct } from '../support/fixtures';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let trader: SeededEnterprise;
let last: string;

// 101 products: the seeded chlorine in kilograms, 99 more, and the 101st in tonnes, beyond any fixed first 100.
beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  [browser, trader] = await Promise.all([launchBrowser(), seedEnterprise(app, 9601, '临港危化品仓储有限公司')]);
  const em = db.orm.em as EntityManager;
  for (let i = 0; i < 99; i += 33) await Promise.all(Array.from({ length: 33 }, () => registerProduct(em, trader.code)));
  last = (await registerProduct(em, trader.code, 1381, Unit.T)).traceCode;
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  await signInAs(page, app, db, 'lingang.clerk', { role: Role.ENTERPRISE, enterprise: trader.code });
});

afterAll(async () => {
  await screenshot(page, 'pickers-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

const options = () => page.locator('.ant-select-dropdown:visible .ant-select-item-option');

describe('登记出入库: warehouse and product pickers search the server', () => {
  it('finds a warehouse by part of its name and the 101st product by part of its code, and records with them', async () => {
    const { products } = await callApi(app, trader.token, `{ products { totalCount } }`);
    expect(products.totalCount).toBe(101);
    await page.getByRole('menuitem', { name: '出入库记录' }).click();
    await page.getByRole('button', { name: '登记出入库' }).click();
    const form = page.getByRole('dialog');

    await form.getByLabel('仓库').click();
    await form.getByLabel('仓库').fill('2 号');
    await options().filter({ hasText: 'W2 W2 号库' }).waitFor();
    await options().nth(1).waitFor({ state: 'detached' });
    await options().filter({ hasText: 'W2 W2 号库' }).click();

    // The last seven characters: its product number (101) and check character, in no other product's code.
    const part = last.slice(-7).toLowerCase();
    await form.getByLabel('产品追溯码').fill(part);
    await options().filter({ hasText: last }).waitFor();
    await options().nth(1).waitFor({ state: 'detached' });
    expect(await seriousA11yViolations(page, '.ant-drawer')).toEqual([]);
    await options().filter({ hasText: last }).click();
    expect(await form.getByLabel('产品追溯码').inputValue()).toBe(last);

    await form.getByLabel('批号').fill('L-101');
    await form.getByLabel('数量').fill('2');
    await form.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('已登记（序号 1）').waitFor();
    const { movements } = await callApi(app, trader.token, `{ movements { edges { node { warehouseCode productCode unit quantity } } } }`);
    expect(movements.edges.map((e: { node: unknown }) => e.node)).toEqual([{ warehouseCode: 'W2', productCode: last, unit: 'T', quantity: '2.000' }]);
  });

  it('reads the next ten products when the list is scrolled to its end', async () => {
    await page.getByRole('button', { name: '登记出入库' }).click();
    await page.getByRole('dialog').getByLabel('产品追溯码').click();
    // The open list's full height (its rows are virtual: only those in view are drawn).
    const listHeight = `document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-dropdown-list-holder')?.scrollHeight ?? 0`;
    await page.waitForFunction(listHeight);
    const tenRows: number = await page.evaluate(listHeight);
    const asked = (r: { url(): string; postData(): string | null }) => {
      const sent = decodeURIComponent(r.url()) + (r.postData() ?? '');
      return sent.includes('ProductSearch') && /"after":"/.test(sent);
    };
    await Promise.all([
      page.waitForRequest(asked),
      page.locator('.ant-select-dropdown:visible .ant-select-dropdown-list-holder').evaluate((list) => list.scrollTo(0, list.scrollHeight)),
    ]);
    await page.waitForFunction(`(${listHeight}) >= ${1.9 * tenRows}`);
  });
});
