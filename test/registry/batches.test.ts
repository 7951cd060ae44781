import { formatBatchCode } from '../../src/proof/batch-code';
import { ALPHABET } from '../../src/proof/mod31';
import { Batch } from '../../src/registry/batch.entity';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, regulator } from '../support/fixtures';
import { inbound, ledgerClock, ledgerCounts, outbound, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let maker: Trader;
let buyer: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  maker = await registerTrader(db, 1);
  buyer = await registerTrader(db, 2);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const batchRow = (code: string) => db.orm.em.fork().findOne(Batch, { code });
const batchCount = () => db.orm.em.fork().count(Batch, {});

const REGISTER = `mutation($input: RegisterBatchInput!) {
  registerBatch(input: $input) { code productCode batchNumber originCode productionDate expiryDate retestDate plannedQuantity firstEntryHash url product { traceCode } }
}`;

describe('registerBatch', () => {
  it("codes a batch ahead of its first entry, for the product's enterprise", async () => {
    const input = { product: maker.product, batch: '2026A01', productionDate: '2026-11-20', expiryDate: '2027-11-19', plannedQuantity: '1000.5' };
    const result = await api.run(REGISTER, { input }, maker.viewer);
    expect(result.errors).toBeUndefined();
    const code = formatBatchCode(maker.product, '2026A01');
    expect(result.data!.registerBatch).toEqual({
      code,
      productCode: maker.product,
      batchNumber: '2026A01',
      originCode: maker.code,
      productionDate: '2026-11-20',
      expiryDate: '2027-11-19',
      retestDate: null,
      plannedQuantity: '1000.500',
      firstEntryHash: null,
      url: `${api.config.publicBaseUrl}/p/${maker.product}/10/2026A01`,
      product: { traceCode: maker.product },
    });
    // Coded once, for ever.
    const again = await api.run(REGISTER, { input }, regulator);
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0].extensions!.field).toBe('input.batch');
  });

  it('refuses, writing nothing: another enterprise, an uncodable number, dates out of order, an unknown product', async () => {
    const before = await batchCount();
    const other = await api.run(REGISTER, { input: { product: maker.product, batch: 'X1' } }, buyer.viewer);
    expect(codes(other)).toEqual(['FORBIDDEN']);
    const lower = await api.run(REGISTER, { input: { product: maker.product, batch: 'lot-1' } }, maker.viewer);
    expect(codes(lower)).toEqual(['BAD_USER_INPUT']);
    expect(lower.errors![0].extensions).toMatchObject({ field: 'input.batch', reason: 'NOT_CODABLE' });
    const dates = await api.run(REGISTER, { input: { product: maker.product, batch: 'X2', productionDate: '2026-11-20', retestDate: '2026-11-01' } }, maker.viewer);
    expect(dates.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.retestDate' });
    const typo = maker.product.slice(0, 24) + ALPHABET[(ALPHABET.indexOf(maker.product[24]) + 1) % 31];
    const mistyped = await api.run(REGISTER, { input: { product: typo, batch: 'X3' } }, maker.viewer);
    expect(mistyped.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.product', reason: 'CHECK_CHARACTER' });
    const anonymous = await api.run(REGISTER, { input: { product: maker.product, batch: 'X4' } });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(await batchCount()).toBe(before);
  });
});

describe('coding at the origin', () => {
  it('a PRODUCTION entry codes its batch; a batch coded ahead keeps its code and gains the entry', async () => {
    const { entries } = await record(db, maker.viewer, [inbound(maker.product, { batch: 'P1' }), inbound(maker.product, { batch: '2026A01' }), inbound(maker.product, { batch: 'P1' })]);
    const p1 = await batchRow(formatBatchCode(maker.product, 'P1'));
    expect(p1).toMatchObject({ productCode: maker.product, batchNumber: 'P1', originCode: maker.code, firstEntryHash: entries[0].hash });
    const ahead = await batchRow(formatBatchCode(maker.product, '2026A01'));
    expect(ahead).toMatchObject({ firstEntryHash: entries[1].hash, expiryDate: '2027-11-19' });
    // A later production of the same batch changes nothing.
    await record(db, maker.viewer, [inbound(maker.product, { batch: 'P1' })]);
    expect((await batchRow(formatBatchCode(maker.product, 'P1')))!.firstEntryHash).toBe(entries[0].hash);
  });

  it('IMPORT and a PURCHASE from outside the system code; a receipt of a shipment, a sale or an uncodable number do not', async () => {
    const outsider = creditCode(900);
    await record(db, buyer.viewer, [
      inbound(maker.product, { reason: 'IMPORT' as never, batch: 'MP1' }),
      inbound(maker.product, { reason: 'PURCHASE' as never, batch: 'PU1', counterparty: outsider }),
      inbound(maker.product, { reason: 'PURCHASE' as never, batch: 'PU2', counterparty: maker.code }),
      inbound(maker.product, { batch: 'lot 7' }),
    ]);
    expect(await batchRow(formatBatchCode(maker.product, 'MP1'))).toMatchObject({ originCode: buyer.code });
    expect(await batchRow(formatBatchCode(maker.product, 'PU1'))).toMatchObject({ originCode: buyer.code });
    // A registered seller ships its batches through the ledger: buying from it is no origin.
    expect(await batchRow(formatBatchCode(maker.product, 'PU2'))).toBeNull();
    const { entries } = await record(db, maker.viewer, [outbound(maker.product, { batch: 'P1', quantity: '1', counterparty: buyer.code })]);
    await record(db, buyer.viewer, [inbound(maker.product, { reason: 'PURCHASE' as never, batch: 'P1', quantity: '1', counterparty: maker.code, sourceHash: entries[0].hash })]);
    expect(await batchRow(formatBatchCode(maker.product, 'P1'))).toMatchObject({ originCode: maker.code });
    expect(await db.orm.em.fork().count(Batch, { batchNumber: 'lot 7' })).toBe(0);
  });

  it('the database refuses to delete a batch: its code is never given again', async () => {
    await expect(superuser(db, (c) => c.query(`delete from batch where batch_number = 'P1'`))).rejects.toThrow(/rows are kept/);
    await expect(superuser(db, (c) => c.query(`truncate batch cascade`))).rejects.toThrow(/rows are kept/);
  });
});

const RECORD = `mutation($input: RecordMovementsInput!) { recordMovements(input: $input) { entries { productCode batch hash } } }`;
const MOVEMENTS = `query($batch: String) { movements(batch: $batch) { edges { node { direction productCode batch } } } }`;

describe('naming a batch by its code', () => {
  it('reaches the same rows as product and batch', async () => {
    const code = formatBatchCode(maker.product, 'P1');
    const scanned = `${code.slice(0, 12).toLowerCase()} ${code.slice(12)}`;
    const entry = { direction: 'OUT', reason: 'CONSUMPTION', warehouse: 'W1', batchCode: scanned, quantity: '2', unit: 'KG', occurredAt: '2026-11-26T08:10:00Z' };
    const result = await api.run(RECORD, { input: { requestId: 'by-code', entries: [entry] } }, maker.viewer);
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordMovements.entries[0]).toMatchObject({ productCode: maker.product, batch: 'P1' });
    const both = await api.run(RECORD, { input: { requestId: 'both', entries: [{ ...entry, batchCode: code, product: maker.product, batch: 'P1' }] } }, maker.viewer);
    expect(both.errors).toBeUndefined();
    const listed = await api.run(MOVEMENTS, { batch: 'P1' }, maker.viewer);
    const directions = listed.data!.movements.edges.map((e: any) => e.node.direction);
    expect(directions.filter((d: string) => d === 'OUT')).toHaveLength(3);
    expect(listed.data!.movements.edges.every((e: any) => e.node.productCode === maker.product && e.node.batch === 'P1')).toBe(true);
  });

  it('refuses a mistyped code or one that disagrees with product and batch, writing nothing', async () => {
    const code = formatBatchCode(maker.product, 'P1');
    const before = await ledgerCounts(db);
    const entry = { direction: 'OUT', reason: 'CONSUMPTION', warehouse: 'W1', quantity: '1', unit: 'KG', occurredAt: '2026-11-26T08:10:00Z' };
    const swapped = code.slice(0, 26) + code[27] + code[26] + code.slice(28);
    const typo = await api.run(RECORD, { input: { requestId: 'typo', entries: [{ ...entry, batchCode: code.slice(0, 25) + 'P2' + code.slice(27) }] } }, maker.viewer);
    expect(typo.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.entries.0.batchCode', reason: 'CHECK_CHARACTER' });
    const swap = await api.run(RECORD, { input: { requestId: 'swap', entries: [{ ...entry, batchCode: swapped }] } }, maker.viewer);
    expect(swap.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.entries.0.batchCode' });
    const disagree = await api.run(RECORD, { input: { requestId: 'disagree', entries: [{ ...entry, batchCode: code, batch: 'P2' }] } }, maker.viewer);
    expect(disagree.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.entries.0.batchCode' });
    const neither = await api.run(RECORD, { input: { requestId: 'neither', entries: [entry] } }, maker.viewer);
    expect(neither.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.entries.0.product' });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('lists a product’s batches for its enterprise and regulators only', async () => {
    const query = `query($p: String!) { batches(product: $p) { totalCount edges { node { batchNumber } } } }`;
    const own = await api.run(query, { p: maker.product }, maker.viewer);
    expect(own.data!.batches.edges.map((e: any) => e.node.batchNumber).sort()).toEqual(['2026A01', 'MP1', 'P1', 'PU1']);
    const importer = await api.run(query, { p: maker.product }, enterpriseViewer(buyer.code));
    expect(importer.data!.batches.edges.map((e: any) => e.node.batchNumber).sort()).toEqual(['MP1', 'PU1']);
    const byRegulator = await api.run(query, { p: maker.product }, regulator);
    expect(byRegulator.data!.batches.totalCount).toBe(4);
  });
});
