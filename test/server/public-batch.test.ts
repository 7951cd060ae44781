import pino from 'pino';
import { loadConfig } from '../../src/config';
import { formatBatchCode } from '../../src/proof/batch-code';
import { ALPHABET } from '../../src/proof/mod31';
import { BatchService } from '../../src/registry/batch.service';
import { startHttpServer, RunningServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { outbound, inbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let server: RunningServer;
let base: string;
let maker: Trader;
let buyer: Trader;
const PUBLIC = 'https://hazchem.example.gov.cn';

beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: PUBLIC });
  server = await startHttpServer({ orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: 'x'.repeat(40) }, 0, '127.0.0.1');
  base = server.url.replace(/\/graphql$/, '');
  maker = await registerTrader(db, 1);
  buyer = await registerTrader(db, 2);
  await new BatchService(db.orm.em.fork()).registerBatch(maker.viewer, {
    product: maker.product,
    batch: '2026A01',
    productionDate: '2026-11-20',
    expiryDate: '2027-11-19',
  });
  await record(db, maker.viewer, [inbound(maker.product, { batch: '2026A01', quantity: '100' })]);
  await record(db, maker.viewer, [outbound(maker.product, { batch: '2026A01', quantity: '10', counterparty: buyer.code, transportDoc: 'WB-SECRET-1' })]);
});

afterAll(async () => {
  await server.stop();
  await db.close();
});

const path = (batch = '2026A01') => `/p/${maker.product}/10/${batch}`;

describe('the public batch page (GS1 Digital Link path)', () => {
  it('shows a phone what the package is, genuine, with its hazards, producer and dates, and nothing of holders or buyers', async () => {
    const response = await fetch(base + path(), { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="viewport" content="width=device-width');
    expect(html).toContain('✓ 正品');
    for (const shown of ['产品 1381', '氯', '7782-50-5', '剧毒', '重大危险源临界量 5 t', '企业1', '2026A01', '2026-11-20', '2027-11-19', formatBatchCode(maker.product, '2026A01')]) {
      expect(html).toContain(shown);
    }
    for (const hidden of [buyer.code, '企业2', 'WB-SECRET-1', 'W1', '90.000']) expect(html).not.toContain(hidden);
    expect(html).toMatch(/<svg[^>]*>/);
    // Regulators go on to the console's trace of the batch (which the API serves to regulators only).
    expect(html).toContain(`<a href="/trace?product=${maker.product}&amp;batch=2026A01">监管追溯</a>`);
  });

  it('answers the same path with JSON when asked', async () => {
    const response = await fetch(base + path(), { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const json = (await response.json()) as any;
    expect(json).toMatchObject({
      genuine: true,
      code: formatBatchCode(maker.product, '2026A01'),
      traceCode: maker.product,
      batchNumber: '2026A01',
      producerName: '企业1',
      productionDate: '2026-11-20',
      expiryDate: '2027-11-19',
      retestDate: null,
      url: `${PUBLIC}${path()}`,
      chemical: { name: '氯', highlyToxic: true, explosivePrecursor: false, thresholdTonnes: '5.000' },
    });
    expect(JSON.stringify(json)).not.toContain(buyer.code);
    const svg = await fetch(`${base}${path()}/qr.svg`);
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
  });

  it('says a code nobody registered may be counterfeit, and a mistyped one does not read', async () => {
    const unknown = await fetch(base + path('2026A02'), { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('可能为假冒');
    const unknownJson = await fetch(base + path('2026A02'), { headers: { accept: 'application/json' } });
    expect(await unknownJson.json()).toMatchObject({ genuine: false, code: 'NOT_FOUND' });
    const typo = maker.product.slice(0, 24) + ALPHABET[(ALPHABET.indexOf(maker.product[24]) + 1) % 31];
    const mistyped = await fetch(`${base}/p/${typo}/10/2026A01`, { headers: { accept: 'text/html' } });
    expect(mistyped.status).toBe(400);
    expect(await mistyped.text()).toContain('可能输入有误');
    expect((await fetch(`${base}/p/${maker.product}/10/lot-1`, { headers: { accept: 'application/json' } })).status).toBe(400);
  });

  it('is the public GraphQL query batchByCode too', async () => {
    const query = `query($code: String!) { batchByCode(code: $code) { genuine batchNumber producerName url chemical { name } } }`;
    const post = (code: string) =>
      fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { code } }) }).then((r) => r.json() as any);
    const found = await post(formatBatchCode(maker.product, '2026A01').toLowerCase());
    expect(found.data.batchByCode).toEqual({ genuine: true, batchNumber: '2026A01', producerName: '企业1', url: `${PUBLIC}${path()}`, chemical: { name: '氯' } });
    const missing = await post(formatBatchCode(maker.product, '2026A02'));
    expect(missing.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
