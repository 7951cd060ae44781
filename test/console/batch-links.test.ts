import { EntityManager } from '@mikro-orm/postgresql';
import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { createUser } from '../support/account-fixtures';
import { launchBrowser, screenshot, seriousA11yViolations, signIn, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { seedEnterprise, seedMovements, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let maker: SeededEnterprise;
let buyer: SeededEnterprise;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  [browser, maker, buyer] = await Promise.all([launchBrowser(), seedEnterprise(app, 9701, '漕泾氯碱有限公司'), seedEnterprise(app, 9702, '松江化工贸易有限公司')]);
  await seedMovements(app, maker, [
    { direction: 'IN', reason: 'PRODUCTION', product: maker.product, batch: '2026L07', quantity: '200' },
    { direction: 'OUT', reason: 'SALE', product: maker.product, batch: '2026L07', quantity: '30', counterparty: buyer.code },
  ]);
  await createUser(db.orm.em as EntityManager, 'sun.jian', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await screenshot(page, 'batch-links-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

describe('from a batch to its labels and its trace', () => {
  it('prints the labels of a shipment on its way from 在途签收', async () => {
    await signInAs(page, app, db, 'songjiang.clerk', { role: Role.ENTERPRISE, enterprise: buyer.code });
    await page.getByRole('menuitem', { name: '在途签收' }).click();
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '2026L07' });
    const [sheet] = await Promise.all([page.waitForEvent('popup'), row.getByRole('link', { name: /打印标签/ }).click()]);
    await sheet.waitForLoadState();
    const url = new URL(sheet.url());
    expect([url.pathname, url.searchParams.get('product'), url.searchParams.getAll('batch'), url.searchParams.get('grid')]).toEqual(['/labels', maker.product, ['2026L07'], '3x8']);
    // One A4 sheet of 24 labels, each naming the shipment's batch.
    expect(await sheet.getByText('2026L07').count()).toBeGreaterThanOrEqual(24);
    await sheet.close();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '退出登录' }).click();
  });

  it('leads a signed-in regulator from the public batch page to the console trace of that batch', async () => {
    await signIn(page, app.base, 'sun.jian');
    await page.goto(`${app.base}/p/${maker.product}/10/2026L07`);
    await page.getByText('正品').waitFor();
    await page.getByRole('link', { name: '监管追溯' }).click();
    await page.getByText(/^节点 \d+ 个，流向 \d+ 条$/).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).searchParams.get('batch')).toBe('2026L07');
    await page.getByRole('cell', { name: '漕泾氯碱有限公司' }).first().waitFor();
  });
});
