import { AppendedMovement, MovementObserver } from '../../src/ledger/movement-observer';
import { GENESIS_PREV_HASH, sealEntry } from '../../src/proof/canonical-entry';
import { sha256Hex } from '../../src/proof/sha256';
import { fixedClock } from '../../src/shared/clock';
import { codes } from '../support/api';
import { TestDatabase } from '../support/database';
import { partner, regulator } from '../support/fixtures';
import { inbound, LEDGER_NOW, ledgerClock, ledgerCounts, ledgerService, outbound, record, Trader } from '../support/ledger-fixtures';
import { closeMovementTestbed, MovementTestbed, openMovementTestbed, RECORD_MOVEMENTS } from '../support/movement-testbed';

/* recordMovements: appending a submission, all or nothing; its requestId; the observers inside its transaction. Refusals: movement-refusals.test.ts; receipts, corrections and inputs: movement-references.test.ts. */

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

describe('appending', () => {
  it('appends entries in order, each sealed as the spec says, balances updated in the same transaction', async () => {
    const result = await api.run(
      RECORD_MOVEMENTS,
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
    expect(codes(await api.run(RECORD_MOVEMENTS, { input }, regulator))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(RECORD_MOVEMENTS, { input }, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(RECORD_MOVEMENTS, { input }))).toEqual(['UNAUTHENTICATED']);
    // There is no chain argument: the chain is the token's enterprise, whoever's product it moves.
    const own = await api.run(RECORD_MOVEMENTS, { input: { requestId: 'own', entries: [inbound(maker.product, { batch: 'B-other', reason: 'IMPORT' as any })] } }, other.viewer);
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
