import { systemClock } from '../../src/shared/clock';
import { Role } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { Browser, Page } from 'playwright-core';
import { launchBrowser, measureScripts, screenshot, seriousA11yViolations, signIn, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { callApi } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db);
  browser = await launchBrowser();
});

beforeEach(async () => {
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London' });
});

afterEach(async () => {
  await screenshot(page, `sign-in-${expect.getState().currentTestName!.replace(/\W+/g, '-')}`);
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

describe('the console at /', () => {
  it('is served by the API server, in Chinese, within the first-page script budget', async () => {
    const scripts = measureScripts(page);
    await page.goto(app.base);
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    const { files, gzipBytes } = await scripts.stop();
    console.log(`first page: ${files} scripts, ${(gzipBytes / 1024).toFixed(1)} KB gzipped (budget 350 KB)`);
    expect(gzipBytes).toBeLessThanOrEqual(350 * 1024);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('heading', { name: '危险化学品全流程追溯' }).waitFor();
    // People sign in with their account only: API tokens are for systems calling the API.
    expect(await page.getByText('令牌登录').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('serves index.html for the console routes and leaves the API alone', async () => {
    const deep = await fetch(`${app.base}/trace/abc`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const api = await fetch(`${app.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ enumLabels(enums: [\\"Unit\\"]) { value label } }"}' });
    expect(((await api.json()) as { data: { enumLabels: unknown[] } }).data.enumLabels).toContainEqual({ value: 'KG', label: '千克' });
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
  });
});

describe('signing in', () => {
  it('signs an account in by login name and password, keeps it across a reload (refresh cookie), and signs it out', async () => {
    const admin = await app.token({ role: Role.ADMIN });
    await callApi(app, admin, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: { loginName: 'zhang.wei', displayName: '张伟', password: 'Gaoqiao-Chlorine-2026', role: 'REGULATOR', level: 'DISTRICT' },
    });
    await page.goto(app.base);
    await page.getByLabel('登录名').fill('zhang.wei');
    await page.getByLabel('密码').fill('wrong-password-2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('登录名或密码错误').waitFor();
    await page.getByLabel('密码').fill('Gaoqiao-Chlorine-2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('监管人员 · zhang.wei').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('hazchem.token'))).toBeNull();
    await page.reload();
    await page.getByText('监管人员 · zhang.wei').waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('登录名').waitFor();
    await page.reload();
    await page.getByLabel('登录名').waitFor();
    expect(await page.getByText('监管人员 · zhang.wei').count()).toBe(0);
  });

  it('signs a regulator in, shows who it is and its area (the deployment\'s district) with Chinese labels, and signs out', async () => {
    await signInAs(page, app, db, 'wang.li', { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT });
    await page.getByText('监管人员 · wang.li').waitFor();
    await page.getByText('辖区：松江区').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
  });

  it('shows a TOWN regulator its town as its area, and a CITY regulator none', async () => {
    await signInAs(page, app, db, 'li.na', { role: Role.REGULATOR, level: EnforcementLevel.TOWN, town: '泗泾镇' });
    await page.getByText('辖区：泗泾镇').waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await signInAs(page, app, db, 'zhao.min', { role: Role.REGULATOR, level: EnforcementLevel.CITY });
    await page.getByText('监管人员 · zhao.min').waitFor();
    expect(await page.getByText('辖区').count()).toBe(0);
  });

  it('shows a partner its department by the API label', async () => {
    await signInAs(page, app, db, 'xiaofang.chen', { role: Role.PARTNER, department: 'FIRE_RESCUE' });
    await page.getByText('消防救援').waitFor();
    expect(await page.getByText('辖区').count()).toBe(0);
  });

  it('keeps the session across a reload while requests without a token to /graphql are refused: the refresh goes to /graphql/session, whose budget they do not spend', async () => {
    // One request a second per address, four at once: the test's own requests below use the bucket up.
    const busy = await startConsoleServer(db, systemClock, { env: { ANONYMOUS_RATE_PER_MINUTE: '60', ANONYMOUS_RATE_BURST: '4' } });
    try {
      await signInAs(page, busy, db, 'sun.hao', { role: Role.REGULATOR, level: EnforcementLevel.TOWN, town: '泗泾镇' });
      await page.getByText('监管人员 · sun.hao').waitFor();
      const sessionCalls: number[] = [];
      page.on('response', (response) => {
        if (response.url().endsWith('/graphql/session')) sessionCalls.push(response.status());
      });
      const drain = () =>
        fetch(`${busy.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then((r) => r.status);
      while ((await drain()) !== 429);
      await page.reload();
      await page.getByText('监管人员 · sun.hao').waitFor();
      expect(sessionCalls).toEqual([200]);
    } finally {
      await busy.server.stop();
    }
  });

  it('switches to English and back, and remembers the choice across a reload', async () => {
    await signIn(page, app.base, 'xiaofang.chen');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Partner department · xiaofang.chen').waitFor();
    await page.getByText('Fire rescue').waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('消防救援').waitFor();
  });
});
