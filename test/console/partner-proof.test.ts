import { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/viewer';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { encodeVerifierKey, generateSigner } from '../../src/proof/signed-note';
import { systemClock } from '../../src/shared/clock';
import { launchBrowser, screenshot, seriousA11yViolations, signInAs, startConsoleServer, ConsoleServer } from '../support/browser';
import { seedEnterprise, seedMovements, SeededEnterprise } from '../support/console-seed';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let app: ConsoleServer;
let browser: Browser;
let page: Page;
let plant: SeededEnterprise;
/** A log key whose base64 holds a '+', as about half do: the console reads it as the verifier does. */
const signer = (() => {
  for (;;) {
    const candidate = generateSigner('hazchem.test/log');
    if (encodeVerifierKey(candidate).split('+').length > 3) return candidate;
  }
})();

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startConsoleServer(db, systemClock, { logKey: encodeVerifierKey(signer) });
  [browser, plant] = await Promise.all([launchBrowser(), seedEnterprise(app, 9701, '闵行精细化工有限公司')]);
  await seedMovements(app, plant, [
    { direction: 'IN', reason: 'PRODUCTION', product: plant.product, batch: 'M-01', quantity: '300' },
    { direction: 'OUT', reason: 'DISPOSAL', product: plant.product, batch: 'M-01', quantity: '12' },
    { direction: 'OUT', reason: 'CONSUMPTION', product: plant.product, batch: 'M-01', quantity: '20' },
  ]);
  // What the server's log runner does in the background: sequence the entries, sign a checkpoint.
  const integrator = new LogIntegrator(db.orm.em.fork(), signer, systemClock);
  await integrator.integrateAll();
  await integrator.checkpoint();
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  await signInAs(page, app, db, 'huanbao.li', { role: Role.PARTNER, department: 'ECOLOGY_ENVIRONMENT' });
});

afterAll(async () => {
  await screenshot(page, 'partner-proof-last-page');
  await browser?.close();
  await app?.server.stop();
  await db?.close();
});

const dialog = () => page.getByRole('dialog');

describe('校验 (an ecology department account verifying a disposal it reads)', () => {
  it('checks the entry’s inclusion proof against the signed checkpoint in the browser, and shows both', async () => {
    await page.goto(`${app.base}/partner?tab=movements`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '处置' });
    await row.waitFor();
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1); // the mandate narrows to disposals
    // Neither COUNTERPARTIES nor WAYBILLS: the list does not ask for those fields, so no column and no refusal.
    expect((await page.locator('.ant-table-thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean)).toEqual(['发生时间', '企业', '出入库', '事由', '产品', '批号', '仓库', '数量', '校验']);
    await row.getByRole('button', { name: `校验：${plant.code} #2` }).click();
    await dialog().getByText('校验通过：该记录在已签名的透明日志检查点中，未被篡改').waitFor();
    for (const check of ['记录规范文本的 SHA-256 与记录哈希一致', '检查点带有日志密钥的有效 Ed25519 签名', '签名文本中的树大小与根哈希即所示检查点', '包含证明由记录的叶子推算出检查点的根哈希（RFC 9162）']) {
      await dialog().getByText(check).waitFor();
    }
    await dialog().getByText('第 1 片叶子，树大小 3').waitFor();
    await dialog().getByText(/^hazchem\.test\/log\n3\n/).waitFor();
    await dialog().getByText(encodeVerifierKey(signer)).waitFor();
    expect(await seriousA11yViolations(page, '.ant-modal')).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('says which check fails when the proof or the checkpoint served is not the signed one', async () => {
    // A server (or anything between) altering what it serves: one proof hash, then the checkpoint's root line.
    const tamper = (alter: (data: any) => void) =>
      page.route('**/graphql', async (route) => {
        if (!route.request().postData()?.includes('query EntryProof')) return route.continue();
        const response = await route.fetch();
        const body = await response.json();
        alter(body.data);
        await route.fulfill({ response, json: body });
      });
    const verify = async () => {
      await page.getByRole('button', { name: `校验：${plant.code} #2` }).click();
      await dialog().getByText('校验未通过：该记录与已签名的检查点不符').waitFor();
    };
    // The name of each failed check (its item's second part; the third is the reason).
    const failed = () => dialog().locator('.ant-list-item:has(.anticon-close-circle) .ant-space-item:nth-child(2)').allInnerTexts();

    await tamper((data) => {
      const bytes = Buffer.from(data.entryProof.proof[0], 'base64');
      bytes[0] ^= 1;
      data.entryProof.proof[0] = bytes.toString('base64');
    });
    await verify();
    expect(await failed()).toEqual(['包含证明由记录的叶子推算出检查点的根哈希（RFC 9162）']);
    await dialog().getByText('the root calculated from the proof is not the checkpoint’s').waitFor();
    await page.keyboard.press('Escape');
    await page.unrouteAll();

    await tamper((data) => {
      data.logCheckpoint.note = data.logCheckpoint.note.replace(/\n3\n/, '\n4\n');
    });
    await verify();
    expect(await failed()).toEqual(['检查点带有日志密钥的有效 Ed25519 签名', '签名文本中的树大小与根哈希即所示检查点', '包含证明由记录的叶子推算出检查点的根哈希（RFC 9162）']);
    await dialog().getByText('the signature of hazchem.test/log does not verify').waitFor();
    await page.unrouteAll();
  });
});
