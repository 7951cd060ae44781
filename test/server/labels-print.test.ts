import pino from 'pino';
import { Browser } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { BatchService } from '../../src/registry/batch.service';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { testSchema } from '../support/api';
import { launchBrowser } from '../support/browser';
import { openTestDatabase, TestDatabase } from '../support/database';
import { decodeQr, pdfPageCount, prepareQrDecoder } from '../support/print';
import { inbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
let base: string;
let maker: Trader;
const PUBLIC = 'https://hazchem.example.gov.cn';
const BATCHES = ['L1', 'L2', 'L3'];

beforeAll(async () => {
  prepareQrDecoder();
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: PUBLIC, LOG_LEVEL: 'silent' });
  server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: 'x'.repeat(40) }, 0, '127.0.0.1');
  base = server.url.replace(/\/graphql$/, '');
  maker = await registerTrader(db, 1);
  for (const batch of BATCHES) {
    await new BatchService(db.orm.em.fork()).registerBatch(maker.viewer, { product: maker.product, batch, productionDate: '2026-11-20', expiryDate: '2028-11-19' });
  }
  await record(db, maker.viewer, BATCHES.map((batch) => inbound(maker.product, { batch })));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server.stop();
  await db.close();
});

const labelsUrl = (grid: string, copies: number) => `${base}/labels?product=${maker.product}&${BATCHES.map((b) => `batch=${b}`).join('&')}&grid=${grid}&copies=${copies}`;

describe('the label print page', () => {
  it.each([
    ['2x5', 4, 12, 2],
    ['3x8', 8, 24, 1],
    ['3x8', 9, 27, 2],
    ['4x10', 14, 42, 2],
  ])('grid %s, %i copies of 3 batches: %i labels on %i A4 pages, each QR decoding to its batch’s URL', async (grid, copies, labels, pages) => {
    const page = await browser.newPage({ deviceScaleFactor: 3 });
    try {
      const response = await page.goto(labelsUrl(grid as string, copies as number));
      expect(response!.status()).toBe(200);
      await page.emulateMedia({ media: 'print' });
      expect(pdfPageCount(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(pages);

      const qrs = page.locator('.label .qr');
      expect(await qrs.count()).toBe(labels);
      const decoded: string[] = [];
      for (let i = 0; i < labels; i++) decoded.push(await decodeQr(qrs.nth(i)));
      const expected = BATCHES.flatMap((b) => Array(copies).fill(`${PUBLIC}/p/${maker.product}/10/${b}`));
      expect(decoded).toEqual(expected);
      const text = await page.locator('.label').first().innerText();
      for (const shown of ['产品 1381', '氯', '7782-50-5', '批号 L1', '生产 2026-11-20', '有效期至 2028-11-19', '剧毒', '重大危险源临界量 5 t', '企业1']) expect(text).toContain(shown);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('refuses a grid, batch or count it cannot print, and an unknown batch', async () => {
    const get = (query: string) => fetch(`${base}/labels?${query}`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    expect(await get(`product=${maker.product}&batch=L1&grid=5x5`)).toMatchObject({ status: 400, body: { field: 'grid' } });
    expect(await get(`product=${maker.product}&grid=3x8`)).toMatchObject({ status: 400, body: { field: 'batch' } });
    expect(await get(`product=${maker.product}&batch=L1&copies=2001`)).toMatchObject({ status: 400, body: { field: 'copies' } });
    expect(await get(`product=${maker.product}&batch=L9`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
