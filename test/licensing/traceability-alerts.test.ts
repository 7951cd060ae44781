import { MovementInput } from '../../src/ledger/ledger.inputs';
import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode } from '../../src/licensing/licensing.enums';
import { TraceabilityChecker } from '../../src/licensing/traceability-checker';
import { loadConfig } from '../../src/config';
import { movementObservers } from '../../src/movement-observers';
import { BatchService } from '../../src/registry/batch.service';
import { Chemical } from '../../src/registry/chemical.entity';
import { Viewer } from '../../src/access/viewer';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerService, outbound, registerTrader, Trader } from '../support/ledger-fixtures';
import { ledgerClock } from '../support/ledger-fixtures';

let db: TestDatabase;
let maker: Trader;
let buyer: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  maker = await registerTrader(db, 1);
  buyer = await registerTrader(db, 2);
});
afterAll(() => db.close());

/** Appends through the ledger with the traceability checks observing, as the server does. */
const append = async (viewer: Viewer, entries: MovementInput[]) =>
  (await ledgerService(db, ledgerClock(), [new TraceabilityChecker()]).recordMovements(viewer, { requestId: crypto.randomUUID(), entries })).entries;
const raised = (code: AlertCode) => db.orm.em.fork().find(Alert, { code }, { orderBy: { id: 'asc' } });

describe('checks the codes make possible', () => {
  it('OVER_CAPACITY: a warehouse holding more tonnes than its capacity (500 t), on the entry that took it over', async () => {
    await append(maker.viewer, [inbound(maker.product, { batch: 'C1', quantity: '400000' }), inbound(maker.product, { batch: 'C2', quantity: '99999.999' })]);
    expect(await raised(AlertCode.OVER_CAPACITY)).toEqual([]);
    const [over] = await append(maker.viewer, [inbound(maker.product, { batch: 'C3', quantity: '150000' })]);
    const alerts = await raised(AlertCode.OVER_CAPACITY);
    expect(alerts.map((a) => [a.chain, a.entryHash])).toEqual([[maker.code, over.hash]]);
    expect(alerts[0].message).toContain('649.999999 t');
    // Other warehouses stay as they were.
    await append(maker.viewer, [inbound(maker.product, { batch: 'C1', quantity: '10', warehouse: 'W2' })]);
    expect(await raised(AlertCode.OVER_CAPACITY)).toHaveLength(1);
  });

  it('OVER_CAPACITY_TOLERANCE: a warehouse may hold that share over its capacity before the alert; the server reads it from configuration', async () => {
    expect(() => loadConfig({ NODE_ENV: 'test', OVER_CAPACITY_TOLERANCE: '1.5' })).toThrow(/OVER_CAPACITY_TOLERANCE/);
    expect(loadConfig({ NODE_ENV: 'test' }).overCapacityTolerance).toBe(0);
    const observers = movementObservers(loadConfig({ NODE_ENV: 'test', OVER_CAPACITY_TOLERANCE: '0.1' }));
    const store = await registerTrader(db, 9);
    const before = (await raised(AlertCode.OVER_CAPACITY)).length;
    const appendTolerated = (entries: MovementInput[]) => ledgerService(db, ledgerClock(), observers).recordMovements(store.viewer, { requestId: crypto.randomUUID(), entries });
    // 540 t in a 500 t warehouse: within 10 % over.
    await appendTolerated([inbound(store.product, { batch: 'T1', quantity: '540000' })]);
    expect(await raised(AlertCode.OVER_CAPACITY)).toHaveLength(before);
    // 551 t: beyond it.
    const { entries } = await appendTolerated([inbound(store.product, { batch: 'T2', quantity: '11000' })]);
    const alerts = (await raised(AlertCode.OVER_CAPACITY)).slice(before);
    expect(alerts.map((a) => [a.chain, a.entryHash])).toEqual([[store.code, entries[0].hash]]);
    expect(alerts[0].message).toContain('551 t of KG and T products, over its capacity of 500 t (10 % over it allowed)');
  });

  it('BATCH_EXPIRED: a batch sold after its expiry or retest date, not before', async () => {
    const batches = new BatchService(db.orm.em.fork());
    await batches.registerBatch(maker.viewer, { product: maker.product, batch: 'E1', expiryDate: '2026-11-20' });
    await batches.registerBatch(maker.viewer, { product: maker.product, batch: 'E2', expiryDate: '2027-11-20', retestDate: '2026-11-25' });
    await batches.registerBatch(maker.viewer, { product: maker.product, batch: 'E3', expiryDate: '2026-11-26' });
    await append(maker.viewer, ['E1', 'E2', 'E3'].map((batch) => inbound(maker.product, { batch })));
    // occurredAt 2026-11-26T08:00Z is 16:00 on 26 November in Shanghai.
    const sold = await append(maker.viewer, ['E1', 'E2', 'E3'].map((batch) => outbound(maker.product, { batch, quantity: '1', counterparty: buyer.code, transportDoc: 'WB' })));
    expect((await raised(AlertCode.BATCH_EXPIRED)).map((a) => a.entryHash)).toEqual([sold[0].hash, sold[1].hash]);
  });

  it('UNKNOWN_BATCH_SOURCE: a coded batch taken in by an enterprise other than its origin without a receipt of a shipment', async () => {
    const [shipped] = await append(maker.viewer, [outbound(maker.product, { batch: 'C1', quantity: '5', counterparty: buyer.code, transportDoc: 'WB' })]);
    await append(buyer.viewer, [inbound(maker.product, { reason: 'PURCHASE' as never, batch: 'C1', quantity: '5', counterparty: maker.code, sourceHash: shipped.hash })]);
    expect(await raised(AlertCode.UNKNOWN_BATCH_SOURCE)).toEqual([]);
    const [claimed] = await append(buyer.viewer, [inbound(maker.product, { reason: 'PURCHASE' as never, batch: 'C2', quantity: '5', counterparty: maker.code })]);
    // Its own production of its own batches, and batches nobody coded, are no question.
    await append(maker.viewer, [inbound(maker.product, { batch: 'C2', quantity: '1' }), inbound(maker.product, { batch: 'lot 9', quantity: '1' })]);
    const alerts = await raised(AlertCode.UNKNOWN_BATCH_SOURCE);
    expect(alerts.map((a) => [a.chain, a.entryHash])).toEqual([[buyer.code, claimed.hash]]);
  });

  it('TRANSPORT_DOC_MISSING: a highly toxic or precursor chemical shipped without a transport document', async () => {
    const [plain] = await db.orm.em.fork().find(Chemical, { highlyToxic: false, explosivePrecursor: false }, { orderBy: { serial: 'asc' }, limit: 1 });
    const ordinary = await registerTrader(db, 3, plain.serial);
    await append(ordinary.viewer, [inbound(ordinary.product, { batch: 'N1' })]);
    await append(ordinary.viewer, [outbound(ordinary.product, { batch: 'N1', quantity: '1', counterparty: buyer.code })]);
    const [missing, withDoc, consumed] = await append(maker.viewer, [
      outbound(maker.product, { batch: 'C3', quantity: '1', counterparty: buyer.code }),
      outbound(maker.product, { batch: 'C3', quantity: '1', counterparty: buyer.code, transportDoc: 'WB-9' }),
      outbound(maker.product, { batch: 'C3', quantity: '1', reason: 'CONSUMPTION' as never }),
    ]);
    expect((await raised(AlertCode.TRANSPORT_DOC_MISSING)).map((a) => a.entryHash)).toEqual([missing.hash]);
    expect([withDoc.hash, consumed.hash]).not.toContain(missing.hash);
  });
});
