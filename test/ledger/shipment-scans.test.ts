import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode } from '../../src/licensing/licensing.enums';
import { formatBatchCode } from '../../src/proof/batch-code';
import { ALPHABET } from '../../src/proof/mod31';
import { LedgerService } from '../../src/ledger/ledger.service';
import { Shipment } from '../../src/ledger/shipment.entity';
import { drawShipmentCode, groupShipmentCode, normalizeShipmentCode } from '../../src/proof/shipment-code';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, ledgerCounts, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let maker: Trader;
let buyer: Trader;
let other: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  maker = await registerTrader(db, 1);
  buyer = await registerTrader(db, 2);
  other = await registerTrader(db, 3);
  await record(db, maker.viewer, [inbound(maker.product, { batch: 'D1', quantity: '2000' }), inbound(maker.product, { batch: 'D2', quantity: '5', warehouse: 'W2' }), inbound(maker.product, { batch: 'D2', quantity: '5' })]);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const RESULT = `entry { direction reason warehouseCode productCode batch quantity unit counterpartyCode sourceHash transportDoc hash }
  shipment { code shipped received inTransit closedAt shortfall }`;
const DISPATCH = `mutation($input: DispatchBatchInput!) { dispatchBatch(input: $input) { ${RESULT} } }`;
const RECEIVE = `mutation($input: ReceiveShipmentInput!) { receiveShipment(input: $input) { ${RESULT} } }`;
const alerts = (code: AlertCode) => db.orm.em.fork().find(Alert, { code }, { orderBy: { id: 'asc' } });

async function dispatch(quantity: string, extra: Record<string, unknown> = {}) {
  const result = await api.run(DISPATCH, { input: { batchCode: formatBatchCode(maker.product, 'D1'), quantity, counterparty: buyer.code, transportDoc: 'WB-7', ...extra } }, maker.viewer);
  expect(result.errors).toBeUndefined();
  return result.data!.dispatchBatch;
}

describe('dispatch by scan', () => {
  it('ships a scanned batch from the warehouse holding it, opening a shipment with a short code', async () => {
    const sent = await dispatch('40');
    expect(sent.entry).toMatchObject({ direction: 'OUT', reason: 'SALE', warehouseCode: 'W1', productCode: maker.product, batch: 'D1', quantity: '40.000', unit: 'KG', counterpartyCode: buyer.code, transportDoc: 'WB-7' });
    expect(sent.shipment).toMatchObject({ shipped: '40.000', inTransit: '40.000', closedAt: null, shortfall: null });
    expect(sent.shipment.code).toMatch(/^[0-9A-HJ-NPQRTUWXY]{5}-[0-9A-HJ-NPQRTUWXY]{5}$/);
  });

  it('draws each code at random, so the next shipment is not the code after; a draw meeting a code in use is drawn again', async () => {
    const codes = [(await dispatch('1')).shipment.code, (await dispatch('1')).shipment.code].map(normalizeShipmentCode);
    const stored = await db.orm.em.fork().find(Shipment, { code: { $in: codes } }, { orderBy: { id: 'asc' } });
    expect(stored.map((s) => s.code)).toEqual(codes);
    // Two shipments in a row: their codes share no more than chance would (a counted code shares all but its last two).
    expect([...codes[0].slice(0, 9)].filter((ch, i) => ch === codes[1][i]).length).toBeLessThan(5);

    const fresh = drawShipmentCode();
    const draws = [codes[1], fresh];
    const ledger = new LedgerService(db.orm.em.fork(), ledgerClock(), { clockSkewMs: 300_000 }, [], undefined, () => draws.shift()!);
    const { entries } = await ledger.recordMovements(maker.viewer, { requestId: 'redrawn', entries: [outbound(maker.product, { batch: 'D1', quantity: '1', counterparty: buyer.code })] });
    expect(draws).toEqual([]);
    expect((await db.orm.em.fork().findOneOrFail(Shipment, { outHash: entries[0].hash })).code).toBe(fresh);
  });

  it('refuses, writing nothing: more than is held, a batch in two warehouses unnamed, a mistyped code, itself as counterparty', async () => {
    const before = await ledgerCounts(db);
    const code = formatBatchCode(maker.product, 'D1');
    const base = { batchCode: code, quantity: '1', counterparty: buyer.code };
    const tooMuch = await api.run(DISPATCH, { input: { ...base, quantity: '999999' } }, maker.viewer);
    expect(tooMuch.errors![0].extensions).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: 'input.quantity' });
    const twoPlaces = await api.run(DISPATCH, { input: { ...base, batchCode: formatBatchCode(maker.product, 'D2') } }, maker.viewer);
    expect(twoPlaces.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.warehouse' });
    expect(twoPlaces.errors![0].message).toContain('W1, W2');
    const typo = await api.run(DISPATCH, { input: { ...base, batchCode: code.slice(0, -1) + ALPHABET[(ALPHABET.indexOf(code.at(-1)!) + 1) % 31] } }, maker.viewer);
    expect(typo.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.batchCode', reason: 'CHECK_CHARACTER' });
    const self = await api.run(DISPATCH, { input: { ...base, counterparty: maker.code } }, maker.viewer);
    expect(self.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.counterparty' });
    const noWarehouse = await api.run(DISPATCH, { input: { ...base, warehouse: 'W9' } }, maker.viewer);
    expect(noWarehouse.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.warehouse' });
    expect(await ledgerCounts(db)).toEqual(before);
  });
});

describe('receipt by scan', () => {
  it('makes the receipt the shipment needs (sourceHash, product, batch, unit, waybill) and closes it; a second receipt is CONFLICT', async () => {
    const sent = await dispatch('25');
    const typed = sent.shipment.code.replace('-', ' ').toLowerCase();
    const received = await api.run(RECEIVE, { input: { code: typed, warehouse: 'W2' } }, buyer.viewer);
    expect(received.errors).toBeUndefined();
    expect(received.data!.receiveShipment.entry).toEqual({
      direction: 'IN',
      reason: 'PURCHASE',
      warehouseCode: 'W2',
      productCode: maker.product,
      batch: 'D1',
      quantity: '25.000',
      unit: 'KG',
      counterpartyCode: maker.code,
      sourceHash: sent.entry.hash,
      transportDoc: 'WB-7',
      hash: expect.any(String),
    });
    expect(received.data!.receiveShipment.shipment).toMatchObject({ received: '25.000', inTransit: '0.000', shortfall: '0.000', closedAt: expect.anything() });
    const before = await ledgerCounts(db);
    const again = await api.run(RECEIVE, { input: { code: sent.shipment.code, warehouse: 'W1' } }, buyer.viewer);
    expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('only the named receiver receives; a mistyped code is caught before any look-up; an unknown one is NOT_FOUND', async () => {
    const sent = await dispatch('5');
    const before = await ledgerCounts(db);
    const stranger = await api.run(RECEIVE, { input: { code: sent.shipment.code, warehouse: 'W1' } }, other.viewer);
    expect(stranger.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.code' });
    const sender = await api.run(RECEIVE, { input: { code: sent.shipment.code, warehouse: 'W1' } }, maker.viewer);
    expect(codes(sender)).toEqual(['FORBIDDEN']);
    const plain = sent.shipment.code.replace('-', '');
    const swapped = plain.slice(0, 5) + plain[6] + plain[5] + plain.slice(7);
    if (plain[5] !== plain[6]) {
      const swap = await api.run(RECEIVE, { input: { code: swapped, warehouse: 'W1' } }, buyer.viewer);
      expect(swap.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code', reason: 'CHECK_CHARACTER' });
    }
    const unknown = await api.run(RECEIVE, { input: { code: groupShipmentCode(drawShipmentCode()), warehouse: 'W1' } }, buyer.viewer);
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.code' });
    const tooMuch = await api.run(RECEIVE, { input: { code: sent.shipment.code, warehouse: 'W1', quantity: '5.001' } }, buyer.viewer);
    expect(tooMuch.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.quantity' });
    const noWarehouse = await api.run(RECEIVE, { input: { code: sent.shipment.code, warehouse: 'W9' } }, buyer.viewer);
    expect(noWarehouse.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.warehouse' });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('records a shortfall; beyond the tolerance (0.5 %) it raises RECEIPT_SHORTFALL on both chains', async () => {
    const within = await dispatch('1000');
    const short = await api.run(RECEIVE, { input: { code: within.shipment.code, warehouse: 'W1', quantity: '995' } }, buyer.viewer);
    expect(short.data!.receiveShipment.shipment).toMatchObject({ received: '995.000', shortfall: '5.000' });
    expect(await alerts(AlertCode.RECEIPT_SHORTFALL)).toEqual([]);

    const beyond = await dispatch('100');
    const result = await api.run(RECEIVE, { input: { code: beyond.shipment.code, warehouse: 'W1', quantity: '99' } }, buyer.viewer);
    expect(result.data!.receiveShipment.shipment).toMatchObject({ shortfall: '1.000' });
    const raised = await alerts(AlertCode.RECEIPT_SHORTFALL);
    expect(raised.map((a) => [a.chain, a.entryHash, a.counterparty])).toEqual([
      [buyer.code, result.data!.receiveShipment.entry.hash, maker.code],
      [maker.code, beyond.entry.hash, buyer.code],
    ]);
    expect(raised[0].message).toContain('1.000 missing');
  });
});
