import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { regulator } from '../support/fixtures';
import { inbound, ledgerClock, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let a: Trader;
let b: Trader;
let c: Trader;
const h: Record<string, string> = {};

const TRACE = `query($p: String!, $b: String!, $d: TraceDirection, $depth: Int) {
  traceBatch(product: $p, batch: $b, direction: $d, maxDepth: $depth) {
    product batch truncated queries
    nodes { id enterpriseCode warehouseCode productCode batch quantity inTransit depth enterprise { creditCode } warehouse { code } product { traceCode } }
    edges { kind from to quantity outHash inHash productionHash }
  }
}`;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  [a, b, c] = await Promise.all([registerTrader(db, 41), registerTrader(db, 42), registerTrader(db, 43)]);
  // a makes RAW, ships 10 to b (received) and 5 to c (in transit).
  const made = await record(db, a.viewer, [
    inbound(a.product, { batch: 'RAW', quantity: '100' }),
    outbound(a.product, { batch: 'RAW', quantity: '10', counterparty: b.code }),
    outbound(a.product, { batch: 'RAW', quantity: '5', counterparty: c.code }),
  ]);
  h.toB = made.entries[1].hash;
  h.toC = made.entries[2].hash;
  const got = await record(db, b.viewer, [inbound(a.product, { reason: 'PURCHASE' as any, batch: 'RAW', quantity: '10', counterparty: a.code, sourceHash: h.toB })]);
  h.atB = got.entries[0].hash;
  // b makes MADE from RAW and ships 3 to c, who receives it.
  const prod = await record(db, b.viewer, [
    outbound(a.product, { reason: 'CONSUMPTION' as any, batch: 'RAW', quantity: '8' }),
    inbound(b.product, { batch: 'MADE', quantity: '6', inputs: [{ product: a.product, batch: 'RAW' }] }),
    outbound(b.product, { batch: 'MADE', quantity: '3', counterparty: c.code }),
  ]);
  h.production = prod.entries[1].hash;
  h.madeToC = prod.entries[2].hash;
  h.madeAtC = (await record(db, c.viewer, [inbound(b.product, { reason: 'PURCHASE' as any, batch: 'MADE', quantity: '3', counterparty: b.code, sourceHash: h.madeToC })])).entries[0].hash;
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

async function trace(vars: Record<string, unknown>) {
  const result = await api.run(TRACE, vars, regulator);
  expect(result.errors).toBeUndefined();
  const graph = result.data!.traceBatch;
  const name = (id: string) => {
    const n = graph.nodes.find((x: any) => x.id === id);
    const who = n.enterpriseCode === a.code ? 'a' : n.enterpriseCode === b.code ? 'b' : 'c';
    return `${who}/${n.warehouseCode ?? 'transit'}/${n.batch}`;
  };
  return {
    graph,
    nodes: graph.nodes.map((n: any) => `${name(n.id)}=${n.quantity}@${n.depth}`).sort(),
    edges: graph.edges.map((e: any) => `${e.kind} ${name(e.from)} -> ${name(e.to)} ${e.quantity}`).sort(),
  };
}

describe('traceBatch', () => {
  it('DOWNSTREAM: every holding of the batch, its shipments (received and in transit), and what it was made into', async () => {
    const { graph, nodes, edges } = await trace({ p: a.product, b: 'RAW', d: 'DOWNSTREAM', depth: 1 });
    expect(nodes).toEqual(['a/W1/RAW=85.000@0', 'b/W1/MADE=3.000@1', 'b/W1/RAW=2.000@0', 'c/W1/MADE=3.000@1', 'c/transit/RAW=5.000@0']);
    expect(edges).toEqual([
      'PRODUCTION b/W1/RAW -> b/W1/MADE 6.000',
      'SHIPMENT a/W1/RAW -> b/W1/RAW 10.000',
      'SHIPMENT a/W1/RAW -> c/transit/RAW 5.000',
      'SHIPMENT b/W1/MADE -> c/W1/MADE 3.000',
    ]);
    const received = graph.edges.find((e: any) => e.inHash === h.atB);
    expect(received).toMatchObject({ outHash: h.toB });
    expect(graph.edges.find((e: any) => e.kind === 'PRODUCTION').productionHash).toBe(h.production);
    expect(graph.edges.find((e: any) => e.outHash === h.toC).inHash).toBeNull();
    const transit = graph.nodes.find((n: any) => n.inTransit);
    expect(transit).toMatchObject({ enterprise: { creditCode: c.code }, warehouse: null, product: { traceCode: a.product } });
  });

  it('UPSTREAM: from a made batch back to its inputs and their holders', async () => {
    const { nodes, edges } = await trace({ p: b.product, b: 'MADE', d: 'UPSTREAM', depth: 3 });
    expect(nodes).toEqual(['a/W1/RAW=85.000@1', 'b/W1/MADE=3.000@0', 'b/W1/RAW=2.000@1', 'c/W1/MADE=3.000@0', 'c/transit/RAW=5.000@1']);
    expect(edges).toContain('PRODUCTION b/W1/RAW -> b/W1/MADE 6.000');
  });

  it('maxDepth 0 stays within the batch; UPSTREAM from a raw batch finds no inputs', async () => {
    expect((await trace({ p: a.product, b: 'RAW', d: 'BOTH', depth: 0 })).nodes).toEqual(['a/W1/RAW=85.000@0', 'b/W1/RAW=2.000@0', 'c/transit/RAW=5.000@0']);
    expect((await trace({ p: a.product, b: 'RAW', d: 'UPSTREAM', depth: 5 })).nodes).toHaveLength(3);
  });

  it('costs a fixed number of queries per level, never one per node', async () => {
    // A production line 8 steps long, each step one batch shipped to many receivers.
    let product = a.product;
    let batch = 'RAW';
    const line = await registerTrader(db, 44);
    await record(db, a.viewer, [outbound(a.product, { batch: 'RAW', quantity: '20', counterparty: line.code })]);
    const shipped = (await api.run(`{ shipments(enterprise: "${line.code}", side: AWAITED) { edges { node { outHash } } } }`, {}, regulator)).data!.shipments.edges[0].node.outHash;
    await record(db, line.viewer, [inbound(a.product, { reason: 'PURCHASE' as any, batch: 'RAW', quantity: '20', counterparty: a.code, sourceHash: shipped })]);
    for (let step = 1; step <= 8; step++) {
      const next = `STEP${step}`;
      await record(db, line.viewer, [
        inbound(line.product, { batch: next, quantity: '10', inputs: [{ product, batch }] }),
        ...Array.from({ length: 5 }, (_, i) => outbound(line.product, { batch: next, quantity: '1', counterparty: [a, b, c][i % 3].code })),
      ]);
      product = line.product;
      batch = next;
    }
    const { graph } = await trace({ p: a.product, b: 'RAW', d: 'DOWNSTREAM', depth: 10 });
    const levels = Math.max(...graph.nodes.map((n: any) => n.depth)) + 1;
    expect(levels).toBe(9);
    expect(graph.nodes.length).toBeGreaterThan(30);
    // Inside the one call of ledger_trace(): at most two statements a level; plus the product lookup.
    expect(graph.queries).toBeLessThanOrEqual(2 * levels + 1);
  });

  it('is for regulators, with maxDepth 0 to 10, on a known product', async () => {
    expect(codes(await api.run(TRACE, { p: a.product, b: 'RAW' }, a.viewer))).toEqual(['FORBIDDEN']);
    const deep = await api.run(TRACE, { p: a.product, b: 'RAW', depth: 11 }, regulator);
    expect(codes(deep)).toEqual(['BAD_USER_INPUT']);
    expect(deep.errors![0].extensions!.field).toBe('maxDepth');
    const { formatTraceCode } = require('../../src/proof/trace-code');
    expect(codes(await api.run(TRACE, { p: formatTraceCode(a.code, 999), b: 'RAW' }, regulator))).toEqual(['NOT_FOUND']);
  });
});
