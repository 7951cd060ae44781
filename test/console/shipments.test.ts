import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { launchBrowser, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { callApi, seedEnterprise, seedMovements, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let sender: SeededEnterprise;
let receiver: SeededEnterprise;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  [browser, sender, receiver] = await Promise.all([launchBrowser(), seedEnterprise(app, 9501, '金山氯碱有限公司'), seedEnterprise(app, 9502, '奉贤化工贸易有限公司')]);
  await seedMovements(app, sender, [
    { direction: 'IN', reason: 'PRODUCTION', product: sender.product, batch: 'S-01', quantity: '100' },
    { direction: 'OUT', reason: 'SALE', product: sender.product, batch: 'S-01', quantity: '12.5', counterparty: receiver.code },
  ]);
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  await signInAs(page, app, db, 'fengxian.clerk', { role: Role.ENTERPRISE, enterprise: receiver.code });
});

afterAll(async () => {
  await screenshot(page, 'shipments-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

describe('在途签收 (enterprise user)', () => {
  it('lists a shipment on its way and receives it with one confirmation, the receipt filled in from the shipment', async () => {
    const { shipments } = await callApi(app, receiver.token, `{ shipments(side: AWAITED) { edges { node { code } } } }`);
    const code: string = shipments.edges[0].node.code;
    await page.getByRole('menuitem', { name: '在途签收' }).click();
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: code });
    await row.getByRole('cell', { name: '金山氯碱有限公司', exact: true }).waitFor();
    await row.getByText('12.5 千克').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await row.getByRole('button', { name: /签\s*收/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`签收 ${code}（金山氯碱有限公司）`).waitFor();
    expect(await dialog.getByLabel('实收数量').inputValue()).toBe('12.5');
    await dialog.getByText('W1 W1 号库').waitFor();
    await dialog.getByRole('button', { name: /确认签收/ }).click();
    await page.getByText(`已签收 ${code}`, { exact: false }).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('menuitem', { name: '库存' }).click();
    await page.getByText('12.5 千克').first().waitFor();
  });

  it('prints a shipment’s transport document (打印运输单), and its QR code’s URL or the typed code opens that shipment’s receipt', async () => {
    const out = { direction: 'OUT' as const, reason: 'SALE', product: sender.product, batch: 'S-01', quantity: '3', counterparty: receiver.code, transportDoc: 'YD-77' };
    await seedMovements(app, sender, [out, out]);
    const { shipments } = await callApi(app, receiver.token, `{ shipments(side: AWAITED) { edges { node { code shipped } } } }`);
    const [first, second]: string[] = shipments.edges.filter((e: { node: { shipped: string } }) => e.node.shipped === '3.000').map((e: { node: { code: string } }) => e.node.code);
    const qrPath = (code: string) => `/shipments/${code.replace('-', '')}`;

    // Loaded afresh: the shipments were made outside this console, after its list was read.
    await page.goto(`${app.base}/shipments`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: first });
    const [sheet] = await Promise.all([page.context().waitForEvent('page'), row.getByRole('button', { name: '打印运输单' }).click()]);
    await sheet.getByText('危险化学品运输单（随货同行单）').waitFor();
    for (const shown of [first, 'YD-77', '金山氯碱有限公司', '奉贤化工贸易有限公司', '3.000 千克']) expect(await sheet.locator('body').innerText()).toContain(shown);
    expect(await sheet.locator('body').innerText()).toContain(qrPath(first));
    await sheet.close();

    // The phone camera's way in: the QR code's URL opens the receipt of its code.
    await page.goto(app.base + qrPath(first));
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`签收 ${first}（金山氯碱有限公司）`).waitFor();
    expect(await dialog.getByLabel('实收数量').inputValue()).toBe('3');
    await dialog.getByRole('button', { name: /确认签收/ }).click();
    await page.getByText(`已签收 ${first}`, { exact: false }).waitFor();
    await page.waitForURL(`${app.base}/shipments`);

    // A handheld scanner types the URL (or a person the code) into the box, which has the focus again once the receipt is gone.
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(`document.activeElement?.getAttribute('aria-label') === '扫描运输单二维码或输入运输单号码'`);
    await page.keyboard.type(`https://hazchem.example.gov.cn${qrPath(second)}`);
    await page.keyboard.press('Enter');
    await dialog.getByText(`签收 ${second}（金山氯碱有限公司）`).waitFor();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
  });
});
