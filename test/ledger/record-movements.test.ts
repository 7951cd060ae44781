
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { AppendedMovement, MovementObserver } from '../../src/ledger/movement-observer';
import { GENESIS_PREV_HASH, sealEntry } from '../../src/proof/canonical-entry';
import { sha256Hex } from '../../src/proof/sha256';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { partner, regulator } from '../support/fixtures';
import {
  inbound,
  LEDGER_NOW,
  ledgerClock,
  ledgerCounts,
  ledgerService,
  outbound,
  record,
  registerTrader,
  Trader,
} from '../support/ledger-fixtures';

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
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const RECORD = `mutation($input: RecordMovementsInput!) {
  recordMovements(input: $input) {
    requestId replayed
    entries { seq prevHash hash canonical version chain direction reason warehouseCode productCode batch quantity unit counterpartyCode
              sourceHash inputs { product batch } corrects transportDoc occurredAt recordedAt requestId
              enterprise { creditCode } warehouse { code } product { traceCode } counterparty { creditCode } }
  }
}`;

describe('appending', () => {
  it('appends entries in order, each sealed as the spec says, balances updated in the same transaction', async () => {
    const result = await api.run(
      RECORD,
      {
        input: {
          requestId: 'first',
          entries: [
            inbound(maker.product, { quantity: '125.5', batch: 'B1', occurredAt: '2026-11-26T16:00:00+08:00' }),
            outbound(maker.product, { quantity: '0.25', batch: 'B1', counterparty: buyer.code, transportDoc: 'WB-1' }),
          ],
        },
      },
      maker.viewer,
    );
    expect(result.errors).toBeUndefined();
    const [first, second] = JSON.parse(JSON.stringify(result.data!.recordMovements.entries));
    expect(result.data!.recordMovements.replayed).toBe(false);
    expect(first).toMatchObject({
      seq: 1,
      prevHash: GENESIS_PREV_HASH,
      version: 1,
      chain: maker.code,
      direction: 'IN',
      reason: 'PRODUCTION',
      warehouseCode: 'W1',
      productCode: maker.product,
      quantity: '125.500',
      unit: 'KG',
      counterpartyCode: null,
      inputs: [],
      occurredAt: '2026-11-26T08:00:00.000Z',
      recordedAt: LEDGER_NOW,
      requestId: 'first',
      enterprise: { creditCode: maker.code },
      warehouse: { code: 'W1' },
      product: { traceCode: maker.product },
    });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, quantity: '0.250', counterpartyCode: buyer.code, counterparty: { creditCode: buyer.code }, transportDoc: 'WB-1' });
    for (const entry of [first, second]) {
      expect(sha256Hex(entry.canonical)).toBe(entry.hash);
      const parsed = JSON.parse(entry.canonical);
      expect(parsed).toEqual({
        v: 1,
        chain: maker.code,
        seq: entry.seq,
        prevHash: entry.prevHash,
        direction: entry.direction,
        reason: entry.reason,
        warehouse: 'W1',
        product: maker.product,
        batch: 'B1',
        quantity: entry.quantity,
        unit: 'KG',
        counterparty: entry.counterpartyCode,
        sourceHash: null,
        inputs: entry.inputs,
        corrects: null,
        transportDoc: entry.transportDoc,
        occurredAt: entry.occurredAt,
        recordedAt: LEDGER_NOW,
        requestId: 'first',
      });
    }
    const sealed = sealEntry(maker.code, 1, GENESIS_PREV_HASH, { ...JSON.parse(first.canonical) });
    expect(sealed.hash).toBe(first.hash);
    const stock = await api.run(`{ stock { edges { node { batch quantity warehouse { code } } } totals { productCode quantity unit batches } } }`, {}, maker.viewer);
    expect(stock.data!.stock.edges.map((e: any) => e.node)).toEqual([{ batch: 'B1', quantity: '125.250', warehouse: { code: 'W1' } }]);
    expect(stock.data!.stock.totals).toEqual([{ productCode: maker.product, quantity: '125.250', unit: 'KG', batches: 1 }]);
  });

  it('lets only an ENTERPRISE token write, and only its own chain', async () => {
    const input = { requestId: 'x', entries: [inbound(maker.product)] };
    expect(codes(await api.run(RECORD, { input }, regulator))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(RECORD, { input }, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(RECORD, { input }))).toEqual(['UNAUTHENTICATED']);
    // There is no chain argument: the chain is the token's enterprise, whoever's product it moves.
    const own = await api.run(RECORD, { input: { requestId: 'own', entries: [inbound(maker.product, { batch: 'B-other', reason: 'IMPORT' as any })] } }, other.viewer);
    expect(own.errors).toBeUndefined();
    expect(own.data!.recordMovements.entries[0]).toMatchObject({ chain: other.code, seq: 1, productCode: maker.product });
  });

  it('is all or nothing: a refused third entry leaves no trace of the first two', async () => {
    const before = await ledgerCounts(db);
    await expect(
      record(db, buyer.viewer, [inbound(buyer.product, { batch: 'X' }), inbound(buyer.product, { batch: 'Y' }), outbound(buyer.product, { batch: 'Z' })]),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK', field: ['input', 'entries', 2, 'quantity'] });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('checks entries in order against the running balance', async () => {
    const ok = await record(db, buyer.viewer, [
      inbound(buyer.product, { batch: 'R', quantity: '5' }),
      outbound(buyer.product, { batch: 'R', quantity: '5' }),
      inbound(buyer.product, { batch: 'R', quantity: '1.001' }),
    ]);
    expect(ok.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    await expect(record(db, buyer.viewer, [outbound(buyer.product, { batch: 'R', quantity: '1.002' })])).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { available: '1.001', requested: '1.002' },
    });
  });

  it('appends 1,000 entries in one call', async () => {
    const entries = Array.from({ length: 1000 }, (_, i) => inbound(other.product, { batch: `K${i % 10}`, quantity: '1.5' }));
    const started = Date.now();
    const result = await record(db, other.viewer, entries);
    expect(result.entries).toHaveLength(1000);
    expect(result.entries.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => result.entries[0].seq + i));
    expect(Date.now() - started).toBeLessThan(15_000);
    const balances = await db.orm.em.fork().getConnection().execute(`select batch, quantity from ledger_balance b join enterprise e on e.id = b.enterprise_id where e.credit_code = ? and batch like 'K%' order by batch`, [other.code]);
    expect(balances).toHaveLength(10);
    expect(balances.every((b: any) => b.quantity === '150.000')).toBe(true);
  });
});

describe('refusals name the entry and field and write nothing', () => {
  const cases: Array<[string, () => MovementInput[], string, (string | number)[]]> = [
    ['stock below zero', () => [outbound(maker.product, { batch: 'none' })], 'INSUFFICIENT_STOCK', ['input', 'entries', 0, 'quantity']],
    ['unknown warehouse', () => [inbound(maker.product), inbound(maker.product, { warehouse: 'NOPE' })], 'NOT_FOUND', ['input', 'entries', 1, 'warehouse']],
    ['unknown product', () => [inbound(maker.product.slice(0, 18) + '999999' + 'X')], 'BAD_USER_INPUT', ['input', 'entries', 0, 'product']],
    ['unregistered product code', () => [inbound(unregisteredProduct())], 'NOT_FOUND', ['input', 'entries', 0, 'product']],
    ['zero quantity', () => [inbound(maker.product, { quantity: '0' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'quantity']],
    ['negative quantity', () => [inbound(maker.product, { quantity: '-1' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'quantity']],
    ['4 decimals', () => [inbound(maker.product), inbound(maker.product, { quantity: '1.0005' })], 'BAD_USER_INPUT', ['input', 'entries', 1, 'quantity']],
    ['exponent', () => [inbound(maker.product, { quantity: '1e3' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'quantity']],
    ['unit not the product’s', () => [inbound(maker.product, { unit: 'T' as any })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'unit']],
    ['occurredAt in the future', () => [inbound(maker.product, { occurredAt: '2026-11-26T08:35:00.001Z' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'occurredAt']],
    ['occurredAt without a zone', () => [inbound(maker.product, { occurredAt: '2026-11-26T08:00:00' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'occurredAt']],
    ['occurredAt impossible', () => [inbound(maker.product, { occurredAt: '2026-02-30T08:00:00Z' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'occurredAt']],
    ['reason of the other direction', () => [inbound(maker.product, { reason: 'SALE' as any })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'reason']],
    ['sourceHash malformed', () => [inbound(maker.product, { reason: 'PURCHASE' as any, counterparty: buyer.code, sourceHash: 'ABC' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'sourceHash']],
    ['sourceHash on an OUT', () => [outbound(maker.product, { counterparty: buyer.code, sourceHash: 'a'.repeat(64) })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'sourceHash']],
    ['sourceHash without counterparty', () => [inbound(maker.product, { reason: 'PURCHASE' as any, sourceHash: 'a'.repeat(64) })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'counterparty']],
    ['sourceHash naming nothing', () => [inbound(maker.product, { reason: 'PURCHASE' as any, counterparty: buyer.code, sourceHash: 'a'.repeat(64) })], 'NOT_FOUND', ['input', 'entries', 0, 'sourceHash']],
    ['counterparty not a credit code', () => [outbound(maker.product, { counterparty: '123' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'counterparty']],
    ['CORRECTION without corrects', () => [inbound(maker.product, { reason: 'CORRECTION' as any })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'corrects']],
    ['corrects on another reason', () => [inbound(maker.product, { corrects: 'a'.repeat(64) })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'corrects']],
    ['corrects naming nothing', () => [inbound(maker.product, { reason: 'CORRECTION' as any, corrects: 'a'.repeat(64) })], 'NOT_FOUND', ['input', 'entries', 0, 'corrects']],
    ['inputs on a SALE', () => [outbound(maker.product, { inputs: [] })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'inputs']],
    ['input never held', () => [inbound(maker.product, { inputs: [{ product: buyer.product, batch: 'never' }] })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'inputs', 0]],
    ['batch with spaces', () => [inbound(maker.product, { batch: ' B1' })], 'BAD_USER_INPUT', ['input', 'entries', 0, 'batch']],
    ['no entries', () => [], 'BAD_USER_INPUT', ['input', 'entries']],
    ['1,001 entries', () => Array.from({ length: 1001 }, () => inbound(maker.product)), 'BAD_USER_INPUT', ['input', 'entries']],
  ];

  it.each(cases)('%s', async (_name, entries, code, field) => {
    const before = await ledgerCounts(db);
    await expect(record(db, maker.viewer, entries())).rejects.toMatchObject({ code, field });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('reaches the client with extensions.code and extensions.field', async () => {
    const result = await api.run(RECORD, { input: { requestId: 'bad', entries: [inbound(maker.product), inbound(maker.product, { quantity: '1.0001' })] } }, maker.viewer);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.field).toBe('input.entries.1.quantity');
    const stock = await api.run(RECORD, { input: { requestId: 'bad2', entries: [outbound(maker.product, { batch: 'nothing' })] } }, maker.viewer);
    expect(codes(stock)).toEqual(['INSUFFICIENT_STOCK']);
    expect(stock.errors![0].extensions).toMatchObject({ field: 'input.entries.0.quantity', available: '0.000', requested: '10.000' });
  });

  it('accepts occurredAt within the clock skew', async () => {
    const result = await record(db, maker.viewer, [inbound(maker.product, { batch: 'skew', occurredAt: '2026-11-26T08:34:59.999Z' })]);
    expect(result.entries[0].occurredAt.toISOString()).toBe('2026-11-26T08:34:59.999Z');
  });
});

function unregisteredProduct(): string {
  // A valid traceability code of maker's credit code with a product number never assigned.
  const { formatTraceCode } = require('../../src/proof/trace-code');
  return formatTraceCode(maker.code, 999_999);
}

describe('idempotency', () => {
  it('returns the recorded entries for the same requestId and content, appending nothing', async () => {
    const entries = [inbound(buyer.product, { batch: 'idem', quantity: '1.5' })];
    const first = await record(db, buyer.viewer, entries, 'idem-1');
    const before = await ledgerCounts(db);
    const later = fixedClock('2026-11-26T09:00:00.000Z');
    const again = await record(db, buyer.viewer, [inbound(buyer.product, { batch: 'idem', quantity: '1.500' })], 'idem-1', later);
    expect(again.replayed).toBe(true);
    expect(again.entries.map((e) => [e.seq, e.hash])).toEqual(first.entries.map((e) => [e.seq, e.hash]));
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('refuses the same requestId with other content as CONFLICT', async () => {
    const before = await ledgerCounts(db);
    await expect(record(db, buyer.viewer, [inbound(buyer.product, { batch: 'idem', quantity: '2' })], 'idem-1')).rejects.toMatchObject({
      code: 'CONFLICT',
      field: ['input', 'requestId'],
    });
    expect(await ledgerCounts(db)).toEqual(before);
  });

  it('keeps requestIds per enterprise', async () => {
    const result = await record(db, other.viewer, [inbound(other.product, { batch: 'idem' })], 'idem-1');
    expect(result.replayed).toBe(false);
  });

  it('of concurrent identical submissions, one appends and the others return its entries', async () => {
    const entries = [inbound(buyer.product, { batch: 'race', quantity: '3' }), outbound(buyer.product, { batch: 'race', quantity: '1' })];
    const results = await Promise.all(Array.from({ length: 12 }, () => record(db, buyer.viewer, entries, 'race-1')));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const hashes = new Set(results.map((r) => r.entries.map((e) => e.hash).join()));
    expect(hashes.size).toBe(1);
    const rows = await db.orm.em.fork().getConnection().execute(`select count(*)::int as n from ledger_entry where request_id = 'race-1'`);
    expect(rows[0].n).toBe(2);
  });
});

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

describe('observers', () => {
  it('are called inside the appending transaction, after the entries are written; their failure rolls everything back', async () => {
    const seen: AppendedMovement[][] = [];
    const observer: MovementObserver = {
      async afterAppend(em, movements) {
        const rows = await em.getConnection().execute(`select count(*)::int as n from ledger_entry where id in (${movements.map((m) => m.entryId).join(',')})`, [], 'all', em.getTransactionContext());
        expect(rows[0].n).toBe(movements.length);
        seen.push([...movements]);
      },
    };
    const result = await ledgerService(db, ledgerClock(), [observer]).recordMovements(maker.viewer, { requestId: 'obs', entries: [inbound(maker.product, { batch: 'O1', quantity: '2' })] });
    expect(seen).toHaveLength(1);
    expect(seen[0][0]).toMatchObject({ chain: maker.code, seq: result.entries[0].seq, hash: result.entries[0].hash, chemicalSerial: 1381, quantity: '2.000', direction: 'IN', reason: 'PRODUCTION', warehouseCode: 'W1', productCode: maker.product, batch: 'O1' });
    const before = await ledgerCounts(db);
    const failing: MovementObserver = { afterAppend: async () => { throw new Error('observer down'); } };
    await expect(ledgerService(db, ledgerClock(), [failing]).recordMovements(maker.viewer, { requestId: 'obs-2', entries: [inbound(maker.product, { batch: 'O2' })] })).rejects.toThrow('observer down');
    expect(await ledgerCounts(db)).toEqual(before);
  });
});
