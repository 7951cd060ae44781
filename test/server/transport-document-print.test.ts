import pino from 'pino';
import { Browser } from 'playwright-core';
import { mintToken, TokenClaims } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { Shipment } from '../../src/ledger/shipment.entity';
import { groupShipmentCode } from '../../src/proof/shipment-code';
import { BatchService } from '../../src/registry/batch.service';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { testSchema } from '../support/api';
import { launchBrowser } from '../support/browser';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { decodeQr, pdfPageCount, prepareQrDecoder } from '../support/print';

let db: TestDatabase;
let server: RunningServer;
let browser: Browser;
let base: string;
let maker: Trader;
let buyer: Trader;
let other: Trader;
let code: string;
const PUBLIC = 'https://hazchem.example.gov.cn';
const SECRET = 'x'.repeat(40);

beforeAll(async () => {
  prepareQrDecoder();
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: PUBLIC, LOG_LEVEL: 'silent' });
  server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: SECRET }, 0, '127.0.0.1');
  base = server.url.replace(/\/graphql$/, '');
  [maker, buyer, other] = [await registerTrader(db, 1), await registerTrader(db, 2), await registerTrader(db, 3)];
  await new BatchService(db.orm.em.fork()).registerBatch(maker.viewer, { product: maker.product, batch: 'T1', productionDate: '2026-11-20', expiryDate: '2028-11-19' });
  await record(db, maker.viewer, [inbound(maker.product, { batch: 'T1', quantity: '100' })]);
  const [sent] = (await record(db, maker.viewer, [outbound(maker.product, { batch: 'T1', quantity: '40.5', counterparty: buyer.code, transportDoc: 'YD-2026-0815' })])).entries;
  code = (await db.orm.em.fork().findOneOrFail(Shipment, { outHash: sent.hash })).code;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server.stop();
  await db.close();
});

const token = (claims: Omit<TokenClaims, 'expiresInSeconds'>) => mintToken(SECRET, { ...claims, expiresInSeconds: 600 });
const enterprise = (trader: Trader) => token({ role: Role.ENTERPRISE, subject: `u-${trader.code}`, enterprise: trader.code });
const documentUrl = (shipment: string) => `${base}/transport-documents/${shipment}`;

async function get(shipment: string, bearer?: string) {
  const response = await fetch(documentUrl(shipment), { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? ((await response.json()) as Record<string, unknown>) : null };
}

describe('the transport document print page', () => {
  it('prints one A4 page whose QR code opens the receiver’s receive screen for the shipment, with what travels', async () => {
    const page = await browser.newPage({ deviceScaleFactor: 3, extraHTTPHeaders: { authorization: `Bearer ${await enterprise(maker)}` } });
    try {
      const response = await page.goto(documentUrl(groupShipmentCode(code).toLowerCase()));
      expect(response!.status()).toBe(200);
      expect(response!.headers()['cache-control']).toBe('private, no-store');
      await page.emulateMedia({ media: 'print' });
      expect(pdfPageCount(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(1);
      expect(await decodeQr(page.locator('.qr'))).toBe(`${PUBLIC}/shipments/${code}`);
      const text = await page.locator('body').innerText();
      for (const shown of [groupShipmentCode(code), 'YD-2026-0815', '企业1', maker.code, '企业2', buyer.code, '产品 1381', maker.product, '氯', '7782-50-5', '剧毒', '重大危险源临界量 5 t', 'T1', '40.500 千克', '2026-11-26 16:00（北京时间）']) {
        expect(text).toContain(shown);
      }
      expect(text).toMatch(/批次码 \S+T1/);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('is read by the sender, the receiver and regulators whose area holds either; refused to anyone else', async () => {
    expect((await get(code, await enterprise(buyer))).status).toBe(200);
    expect((await get(code, await token({ role: Role.REGULATOR, subject: 'r', level: EnforcementLevel.DISTRICT }))).status).toBe(200);
    expect((await get(code, await token({ role: Role.REGULATOR, subject: 't', level: EnforcementLevel.TOWN, town: '高桥镇' }))).status).toBe(200);
    expect(await get(code, await token({ role: Role.REGULATOR, subject: 't2', level: EnforcementLevel.TOWN, town: '高东镇' }))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', field: 'code' } });
    expect(await get(code, await enterprise(other))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', field: 'code' } });
    expect(await get(code, await token({ role: Role.PARTNER, subject: 'p', department: 'FIRE_RESCUE' }))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await get(code)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a mistyped code and one no shipment has', async () => {
    const swapped = code.slice(0, 3) + code[4] + code[3] + code.slice(5);
    if (swapped !== code) expect(await get(swapped, await enterprise(maker))).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT', field: 'code', reason: 'CHECK_CHARACTER' } });
    expect(await get('ABC', await enterprise(maker))).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT', reason: 'LENGTH' } });
    expect(await get('00000000', await enterprise(maker))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', field: 'code' } });
  });
});
