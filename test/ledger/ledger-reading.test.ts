
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { partner, regulator } from '../support/fixtures';
import { inbound, ledgerClock, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let chlorine: Trader; // 氯: highly toxic
let acid: Trader; // 硝酸: explosive precursor
let plain: Trader; // neither
let hashes: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  chlorine = await registerTrader(db, 31, 1381);
  acid = await registerTrader(db, 32, 2285);
  plain = await registerTrader(db, 33, 2828);
  const a = await record(db, chlorine.viewer, [
    inbound(chlorine.product, { batch: 'L1', quantity: '50', occurredAt: '2026-11-01T00:00:00Z' }),
    outbound(chlorine.product, { batch: 'L1', quantity: '5', counterparty: acid.code, transportDoc: 'WB-1', occurredAt: '2026-11-10T00:00:00Z' }),
    outbound(chlorine.product, { batch: 'L1', quantity: '1', reason: 'DISPOSAL' as any, occurredAt: '2026-11-20T00:00:00Z' }),
    inbound(chlorine.product, { batch: 'L2', warehouse: 'W2', quantity: '7', occurredAt: '2026-11-21T00:00:00Z' }),
  ]);
  hashes = Object.fromEntries(a.entries.map((e) => [e.seq, e.hash]));
  await record(db, acid.viewer, [inbound(acid.product, { batch: 'N1', quantity: '3' })]);
  await record(db, plain.viewer, [inbound(plain.product, { batch: 'P1', quantity: '3' }), outbound(plain.product, { batch: 'P1', quantity: '1', reason: 'DISPOSAL' as any })]);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const MOVEMENTS = `query($e: CreditCode, $w: String, $p: String, $b: String, $r: MovementReason, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  movements(enterprise: $e, warehouse: $w, product: $p, batch: $b, reason: $r, occurredFrom: $from, occurredTo: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { chain seq hash reason batch quantity warehouse { code } product { traceCode } enterprise { creditCode } } }
  }
}`;

describe('movements', () => {
  it('filters by enterprise, warehouse, product, batch, reason and time range', async () => {
    const seqs = async (vars: Record<string, unknown>) => {
      const r = await api.run(MOVEMENTS, { e: chlorine.code, ...vars }, regulator);
      expect(r.errors).toBeUndefined();
      return r.data!.movements.edges.map((e: any) => e.node.seq);
    };
    expect(await seqs({})).toEqual([1, 2, 3, 4]);
    expect(await seqs({ w: 'W2' })).toEqual([4]);
    expect(await seqs({ b: 'L1' })).toEqual([1, 2, 3]);
    expect(await seqs({ r: 'DISPOSAL' })).toEqual([3]);
    expect(await seqs({ p: chlorine.product.toLowerCase() })).toEqual([1, 2, 3, 4]);
    expect(await seqs({ from: '2026-11-10T00:00:00Z', to: '2026-11-21T00:00:00Z' })).toEqual([2, 3]);
    const page = await api.run(MOVEMENTS, { e: chlorine.code, first: 3 }, regulator);
    expect(page.data!.movements).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const next = await api.run(MOVEMENTS, { e: chlorine.code, first: 3, after: page.data!.movements.pageInfo.endCursor }, regulator);
    expect(next.data!.movements.edges.map((e: any) => e.node.hash)).toEqual([hashes[4]]);
  });

  it('shows every spec field and links', async () => {
    const r = await api.run(
      `{ movements(first: 1, reason: SALE) { edges { node { version chain seq prevHash hash canonical direction reason warehouseCode productCode batch quantity unit
          counterpartyCode counterparty { creditCode } sourceHash inputs { product } corrects transportDoc occurredAt recordedAt requestId } } } }`,
      {},
      regulator,
    );
    expect(r.errors).toBeUndefined();
    const node = r.data!.movements.edges[0].node;
    expect(node).toMatchObject({ chain: chlorine.code, seq: 2, counterpartyCode: acid.code, counterparty: { creditCode: acid.code }, transportDoc: 'WB-1', unit: 'KG' });
    expect(JSON.parse(node.canonical).transportDoc).toBe('WB-1');
  });

  it('an enterprise reads its own chain only', async () => {
    const own = await api.run(MOVEMENTS, {}, acid.viewer);
    expect(own.data!.movements.edges.map((e: any) => e.node.chain)).toEqual([acid.code]);
    expect(codes(await api.run(MOVEMENTS, { e: chlorine.code }, acid.viewer))).toEqual(['FORBIDDEN']);
  });

  it('a partner department reads within its mandate', async () => {
    const chains = async (department: string) => {
      const r = await api.run(`{ movements(first: 100) { edges { node { chain reason } } } }`, {}, partner(department));
      return r.errors ? codes(r) : r.data!.movements.edges.map((e: any) => `${e.node.chain === chlorine.code ? 'Cl' : e.node.chain === acid.code ? 'HNO3' : 'plain'}:${e.node.reason}`);
    };
    // Public security: controlled chemicals (highly toxic, explosive precursors).
    expect(await chains('PUBLIC_SECURITY')).toEqual(['Cl:PRODUCTION', 'Cl:SALE', 'Cl:DISPOSAL', 'Cl:PRODUCTION', 'HNO3:PRODUCTION']);
    // Ecology and environment: disposals.
    expect(await chains('ECOLOGY_ENVIRONMENT')).toEqual(['Cl:DISPOSAL', 'plain:DISPOSAL']);
    expect(await chains('FIRE_RESCUE')).toEqual(['FORBIDDEN']);
    // Without the COUNTERPARTIES / WAYBILLS mandates, those fields and the canonical (which holds them) are refused.
    const eco = await api.run(`{ movements(first: 1) { edges { node { hash counterpartyCode } } } }`, {}, partner('ECOLOGY_ENVIRONMENT'));
    expect(codes(eco)).toEqual(['FORBIDDEN']);
    const police = await api.run(`{ movements(first: 1, reason: SALE) { edges { node { counterpartyCode canonical } } } }`, {}, partner('PUBLIC_SECURITY'));
    expect(codes(police)).toEqual(['FORBIDDEN']);
  });
});

describe('stock', () => {
  const STOCK = `query($e: CreditCode, $w: String, $b: String, $empty: Boolean) {
    stock(enterprise: $e, warehouse: $w, batch: $b, includeEmpty: $empty) {
      totalCount edges { node { batch quantity warehouse { code } product { traceCode unit } enterprise { creditCode } } }
      totals { productCode unit quantity batches product { traceCode } }
    }
  }`;

  it('balances per warehouse, product and batch with totals; an enterprise its own, regulators all', async () => {
    const own = await api.run(STOCK, {}, chlorine.viewer);
    expect(own.errors).toBeUndefined();
    expect(own.data!.stock.edges.map((e: any) => [e.node.warehouse.code, e.node.batch, e.node.quantity])).toEqual([
      ['W1', 'L1', '44.000'],
      ['W2', 'L2', '7.000'],
    ]);
    expect(own.data!.stock.totals).toEqual([{ productCode: chlorine.product, unit: 'KG', quantity: '51.000', batches: 2, product: { traceCode: chlorine.product } }]);
    const byWarehouse = await api.run(STOCK, { w: 'W2' }, chlorine.viewer);
    expect(byWarehouse.data!.stock.totals[0].quantity).toBe('7.000');
    const all = await api.run(STOCK, {}, regulator);
    expect(all.data!.stock.totals.map((t: any) => t.productCode).sort()).toEqual([chlorine.product, acid.product, plain.product].sort());
    expect((await api.run(STOCK, { e: acid.code }, partner('FIRE_RESCUE'))).data!.stock.totalCount).toBe(1);
    expect(codes(await api.run(STOCK, { e: acid.code }, chlorine.viewer))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(STOCK, {}, partner('TRANSPORT')))).toEqual(['FORBIDDEN']);
  });

  it('includes emptied batches on request', async () => {
    await record(db, acid.viewer, [outbound(acid.product, { batch: 'N1', quantity: '3' })]);
    expect((await api.run(STOCK, {}, acid.viewer)).data!.stock.totalCount).toBe(0);
    expect((await api.run(STOCK, { empty: true }, acid.viewer)).data!.stock.edges[0].node.quantity).toBe('0.000');
  });
});

describe('chain', () => {
  it('pages a chain in seq order for verification: regulators any, an enterprise its own', async () => {
    const q = `query($c: CreditCode!, $after: String) { chain(creditCode: $c) { chain length headHash enterprise { creditCode } entries(first: 2, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { seq hash } } } } }`;
    const first = await api.run(q, { c: chlorine.code }, regulator);
    expect(first.errors).toBeUndefined();
    expect(first.data!.chain).toMatchObject({ chain: chlorine.code, length: 4, headHash: hashes[4], entries: { totalCount: 4, pageInfo: { hasNextPage: true } } });
    const second = await api.run(q, { c: chlorine.code, after: first.data!.chain.entries.pageInfo.endCursor }, chlorine.viewer);
    expect(second.data!.chain.entries.edges.map((e: any) => e.node.seq)).toEqual([3, 4]);
    expect(codes(await api.run(q, { c: chlorine.code }, acid.viewer))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(q, { c: chlorine.code }, partner('PUBLIC_SECURITY')))).toEqual(['FORBIDDEN']);
  });
});
