import { MovementInput } from '../../src/ledger/ledger.inputs';
import { codes } from '../support/api';
import { TestDatabase } from '../support/database';
import { partner, regulator } from '../support/fixtures';
import { inbound, ledgerCounts, outbound, record, Trader } from '../support/ledger-fixtures';
import { closeMovementTestbed, MovementTestbed, openMovementTestbed } from '../support/movement-testbed';

/* Movements that name earlier entries: receipts of a shipment (sourceHash), corrections (corrects), production's input batches (inputs). */

let db: TestDatabase;
let api: MovementTestbed['api'];
let maker: Trader;
let buyer: Trader;
let other: Trader;
let testbed: MovementTestbed;

beforeAll(async () => {
  testbed = await openMovementTestbed();
  ({ db, api, maker, buyer, other } = testbed);
});
afterAll(() => closeMovementTestbed(testbed));

describe('shipments and receipts', () => {
  let shipHash: string;

  it('an OUT to a counterparty is in transit: sent for the shipper, awaited for the receiver', async () => {
    await record(db, maker.viewer, [inbound(maker.product, { batch: 'S1', quantity: '100' })]);
    const sent = await record(db, maker.viewer, [outbound(maker.product, { batch: 'S1', quantity: '60', counterparty: buyer.code, transportDoc: 'WB-9' })]);
    shipHash = sent.entries[0].hash;
    const q = `query($side: ShipmentSide) { shipments(side: $side) { totalCount edges { node { outHash senderCode receiverCode productCode batch shipped received inTransit sender { creditCode } receiver { creditCode } } } } }`;
    const awaited = await api.run(q, { side: 'AWAITED' }, buyer.viewer);
    expect(awaited.errors).toBeUndefined();
    expect(awaited.data!.shipments.edges.map((e: any) => e.node)).toContainEqual({
      outHash: shipHash,
      senderCode: maker.code,
      receiverCode: buyer.code,
      productCode: maker.product,
      batch: 'S1',
      shipped: '60.000',
      received: '0.000',
      inTransit: '60.000',
      sender: { creditCode: maker.code },
      receiver: { creditCode: buyer.code },
    });
    const sentList = await api.run(q, { side: 'SENT' }, maker.viewer);
    expect(sentList.data!.shipments.edges.map((e: any) => e.node.outHash)).toContain(shipHash);
  });

  it('refuses a receipt that breaks the sourceHash rule', async () => {
    const receipt = (overrides: Partial<MovementInput>) => inbound(maker.product, { reason: 'PURCHASE' as any, batch: 'S1', counterparty: maker.code, sourceHash: shipHash, ...overrides });
    const before = await ledgerCounts(db);
    await expect(record(db, other.viewer, [receipt({})])).rejects.toMatchObject({ field: ['input', 'entries', 0, 'sourceHash'], details: { reason: 'SOURCE_RECEIVER' } });
    await expect(record(db, buyer.viewer, [receipt({ counterparty: other.code })])).rejects.toMatchObject({ details: { reason: 'SOURCE_CHAIN' } });
    await expect(record(db, buyer.viewer, [receipt({ batch: 'S2' })])).rejects.toMatchObject({ details: { reason: 'SOURCE_BATCH' } });
    await expect(record(db, buyer.viewer, [receipt({ quantity: '60.001' })])).rejects.toMatchObject({ field: ['input', 'entries', 0, 'quantity'], details: { reason: 'OVER_RECEIPT' } });
    await expect(record(db, buyer.viewer, [receipt({ quantity: '30' }), receipt({ quantity: '30.001' })])).rejects.toMatchObject({
      field: ['input', 'entries', 1, 'quantity'],
      details: { reason: 'OVER_RECEIPT' },
    });
    const inbound1 = (await record(db, maker.viewer, [inbound(maker.product, { batch: 'S9' })])).entries[0];
    await expect(record(db, buyer.viewer, [receipt({ sourceHash: inbound1.hash })])).rejects.toMatchObject({ details: { reason: 'SOURCE_NOT_OUT' } });
    expect((await ledgerCounts(db)).entry).toBe(before.entry + 1);
  });

  it('a receipt closes the shipment partly, then fully; the product is the shipper’s', async () => {
    const receipt = (quantity: string) => inbound(maker.product, { reason: 'PURCHASE' as any, batch: 'S1', counterparty: maker.code, sourceHash: shipHash, quantity, warehouse: 'W2' });
    await record(db, buyer.viewer, [receipt('20')]);
    const open = (viewer = buyer.viewer) =>
      api.run(`{ shipments(side: AWAITED) { edges { node { outHash received inTransit } } } }`, {}, viewer).then((r) => r.data!.shipments.edges.map((e: any) => e.node));
    expect(await open()).toContainEqual({ outHash: shipHash, received: '20.000', inTransit: '40.000' });
    await record(db, buyer.viewer, [receipt('40')]);
    expect((await open()).map((s: any) => s.outHash)).not.toContain(shipHash);
    const all = await api.run(`{ shipments(side: AWAITED, openOnly: false) { edges { node { outHash inTransit } } } }`, {}, buyer.viewer);
    expect(all.data!.shipments.edges.map((e: any) => e.node)).toContainEqual({ outHash: shipHash, inTransit: '0.000' });
    const stock = await api.run(`query($p: String) { stock(product: $p) { edges { node { batch quantity warehouse { code } enterprise { creditCode } } } } }`, { p: maker.product }, buyer.viewer);
    expect(stock.errors).toBeUndefined();
    expect(stock.data!.stock.edges.map((e: any) => e.node)).toEqual([{ batch: 'S1', quantity: '60.000', warehouse: { code: 'W2' }, enterprise: { creditCode: buyer.code } }]);
  });

  it('a regulator reads any enterprise’s shipments; an enterprise not another’s', async () => {
    const q = `query($e: CreditCode) { shipments(enterprise: $e, openOnly: false) { totalCount } }`;
    expect((await api.run(q, { e: maker.code }, regulator)).data!.shipments.totalCount).toBeGreaterThan(0);
    expect((await api.run(q, { e: maker.code }, partner('TRANSPORT'))).data!.shipments.totalCount).toBeGreaterThan(0);
    expect(codes(await api.run(q, { e: maker.code }, buyer.viewer))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(q, { e: maker.code }, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
  });
});

describe('corrections', () => {
  it('a CORRECTION reverses part of an entry, never more than it moved', async () => {
    const wrong = (await record(db, other.viewer, [inbound(other.product, { batch: 'C1', quantity: '10' })])).entries[0];
    const fix = (quantity: string, extra: Partial<MovementInput> = {}) =>
      outbound(other.product, { reason: 'CORRECTION' as any, batch: 'C1', quantity, corrects: wrong.hash, ...extra });
    const done = await record(db, other.viewer, [fix('4')]);
    expect(JSON.parse(done.entries[0].canonical).corrects).toBe(wrong.hash);
    await expect(record(db, other.viewer, [fix('6.001')])).rejects.toMatchObject({ details: { reason: 'OVER_CORRECTION' } });
    await expect(record(db, other.viewer, [fix('1', { warehouse: 'W2' })])).rejects.toMatchObject({ field: ['input', 'entries', 0, 'warehouse'], details: { reason: 'CORRECTION_MISMATCH' } });
    await expect(record(db, other.viewer, [inbound(other.product, { reason: 'CORRECTION' as any, batch: 'C1', corrects: wrong.hash })])).rejects.toMatchObject({
      field: ['input', 'entries', 0, 'direction'],
    });
    await expect(record(db, other.viewer, [inbound(other.product, { reason: 'CORRECTION' as any, batch: 'C1', quantity: '1', corrects: done.entries[0].hash })])).rejects.toMatchObject({
      details: { reason: 'CORRECTS_CORRECTION' },
    });
    await expect(record(db, maker.viewer, [fix('1', { product: other.product })])).rejects.toMatchObject({ code: 'NOT_FOUND', field: ['input', 'entries', 0, 'corrects'] });
  });

  it('correcting a shipment cancels what is still in transit, not what was received', async () => {
    await record(db, maker.viewer, [inbound(maker.product, { batch: 'C2', quantity: '10' })]);
    const out = (await record(db, maker.viewer, [outbound(maker.product, { batch: 'C2', quantity: '10', counterparty: buyer.code })])).entries[0];
    await record(db, buyer.viewer, [inbound(maker.product, { reason: 'PURCHASE' as any, batch: 'C2', counterparty: maker.code, sourceHash: out.hash, quantity: '7' })]);
    const cancel = (quantity: string) => inbound(maker.product, { reason: 'CORRECTION' as any, batch: 'C2', quantity, corrects: out.hash });
    await expect(record(db, maker.viewer, [cancel('3.001')])).rejects.toMatchObject({ details: { reason: 'SHIPMENT_RECEIVED' } });
    await record(db, maker.viewer, [cancel('3')]);
    const rows = await db.orm.em.fork().getConnection().execute(`select received, cancelled, in_transit from ledger_shipment where out_hash = ?`, [out.hash]);
    expect(rows[0]).toEqual({ received: '7.000', cancelled: '3.000', in_transit: '0.000' });
  });
});

describe('production', () => {
  it('names the input batches it consumed, sorted, and refuses a batch it never held', async () => {
    await record(db, buyer.viewer, [inbound(buyer.product, { batch: 'raw-2', quantity: '5' })]);
    const made = await record(db, buyer.viewer, [
      inbound(buyer.product, { batch: 'raw-1', quantity: '5', reason: 'IMPORT' as any }),
      outbound(buyer.product, { batch: 'raw-1', quantity: '5', reason: 'CONSUMPTION' as any }),
      inbound(buyer.product, { batch: 'made', quantity: '9', inputs: [{ product: buyer.product, batch: 'raw-2' }, { product: maker.product, batch: 'S1' }, { product: buyer.product, batch: 'raw-1' }] }),
    ]);
    const inputs = JSON.parse(made.entries[2].canonical).inputs;
    const expected = [
      { product: buyer.product, batch: 'raw-1' },
      { product: buyer.product, batch: 'raw-2' },
      { product: maker.product, batch: 'S1' },
    ].sort((a, b) => (a.product + '\0' + a.batch < b.product + '\0' + b.batch ? -1 : 1));
    expect(inputs).toEqual(expected);
    await expect(record(db, buyer.viewer, [inbound(buyer.product, { batch: 'made-2', inputs: [{ product: maker.product, batch: 'S9' }] })])).rejects.toMatchObject({
      field: ['input', 'entries', 0, 'inputs', 0],
      details: { reason: 'INPUT_NOT_HELD' },
    });
  });
});
