import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { formatThousandths, parseThousandths } from '../proof/quantity';
import { normalizeTraceCode } from '../proof/trace-code';
import { Product } from '../registry/product.entity';
import { TraceEdge, TraceGraph, TraceNode } from './batch-trace';
import { LedgerError } from './ledger.errors';
import { TraceDirection, TraceEdgeKind } from './ledger.enums';
import { TraceBatchArgs } from './ledger.inputs';
import { rawQuery } from '../db/raw-query';

export const MAX_TRACE_DEPTH = 10;
export const MAX_TRACE_NODES = 5000;

type Way = 'UP' | 'DOWN';
interface Key {
  p: string;
  b: string;
}

const keyOf = (p: string | number, b: string) => `${p}\u0000${b}`;
const nodeId = (enterprise: string, warehouse: string | null, product: string | number, batch: string) =>
  `${enterprise}:${warehouse ?? 'transit'}:${product}:${batch}`;

interface ProductionRow {
  hash: string;
  enterprise_id: string;
  warehouse_id: string;
  product_id: string;
  batch: string;
  quantity: string;
  input_product_id: string;
  input_batch: string;
}

/*
 * Every lookup by a level's keys is a LATERAL subquery (OFFSET 0 keeps the planner from flattening it):
 * one index probe per key. A plain join with jsonb_to_recordset, which the planner guesses at 100 rows,
 * may become a hash join over a sequential scan of the whole table.
 */

/**
 * Traces a batch: every holding of it across enterprises, the shipments
 * between them, and across PRODUCTION entries the batches it was made from
 * (UPSTREAM) or went into (DOWNSTREAM), level by level. Each level costs a
 * fixed number of queries (holdings, shipments, productions each way),
 * whatever the number of nodes.
 */
export class BatchTraceService {
  constructor(private readonly em: EntityManager) {}

  async traceBatch(viewer: Viewer, args: TraceBatchArgs): Promise<TraceGraph> {
    assertRegulator(viewer);
    if (!Number.isInteger(args.maxDepth) || args.maxDepth < 0 || args.maxDepth > MAX_TRACE_DEPTH) {
      throw LedgerError.invalidArgument(['maxDepth'], `maxDepth must be 0 to ${MAX_TRACE_DEPTH}`);
    }
    const code = normalizeTraceCode(args.product);
    const product = await this.em.findOne(Product, { traceCode: code });
    if (!product) throw LedgerError.productNotFound(['product'], code);

    let queries = 0;
    const run = <T>(sql: string, bindings: unknown[]) => {
      queries += 1;
      return rawQuery<T>(this.em, sql, bindings);
    };
    const nodes = new Map<string, TraceNode>();
    const edges: TraceEdge[] = [];
    const productions: ProductionRow[] = [];
    const seenShipments = new Set<string>();
    const visited = new Set<string>([keyOf(product.id, args.batch)]);
    const ways: Way[] = args.direction === TraceDirection.BOTH ? ['UP', 'DOWN'] : [args.direction === TraceDirection.UPSTREAM ? 'UP' : 'DOWN'];
    let frontier: { key: Key; ways: Way[] }[] = [{ key: { p: product.id, b: args.batch }, ways }];
    let truncated = false;

    for (let depth = 0; depth <= args.maxDepth && frontier.length > 0; depth++) {
      const keys = JSON.stringify(frontier.map((f) => f.key));
      const holdings = await run<{ enterprise_id: string; credit_code: string; warehouse_id: string; warehouse_code: string; product_id: string; trace_code: string; batch: string; quantity: string }>(
        `select b.enterprise_id, e.credit_code, b.warehouse_id, w.code as warehouse_code, b.product_id, p.trace_code, b.batch, b.quantity
           from jsonb_to_recordset(?::jsonb) as k(p bigint, b text)
           cross join lateral (select x.* from ledger_balance x where x.product_id = k.p and x.batch = k.b offset 0) b
           join enterprise e on e.id = b.enterprise_id
           join warehouse w on w.id = b.warehouse_id
           join product p on p.id = b.product_id`,
        [keys],
      );
      for (const h of holdings) {
        const id = nodeId(h.enterprise_id, h.warehouse_id, h.product_id, h.batch);
        nodes.set(id, {
          id,
          enterpriseCode: h.credit_code,
          enterpriseId: String(h.enterprise_id),
          warehouseCode: h.warehouse_code,
          warehouseId: String(h.warehouse_id),
          productCode: h.trace_code,
          productId: String(h.product_id),
          batch: h.batch,
          quantity: h.quantity,
          inTransit: false,
          depth,
        });
      }
      const shipments = await run<{
        id: string; sender_id: string; receiver_id: string | null; receiver_code: string; product_id: string; product_code: string; batch: string;
        in_transit: string; out_hash: string; out_warehouse_id: string; in_hash: string | null; in_warehouse_id: string | null; in_quantity: string | null;
      }>(
        `select s.id, s.sender_id, s.receiver_id, s.receiver_code, s.product_id, s.product_code, s.batch, s.in_transit, s.out_hash,
                o.warehouse_id as out_warehouse_id, i.hash as in_hash, i.warehouse_id as in_warehouse_id, i.quantity as in_quantity
           from jsonb_to_recordset(?::jsonb) as k(p bigint, b text)
           cross join lateral (select x.* from ledger_shipment x where x.product_id = k.p and x.batch = k.b offset 0) s
           join ledger_entry o on o.id = s.out_entry_id
           left join ledger_entry i on i.source_entry_id = s.out_entry_id and i.direction = 'IN'
          order by s.id, i.seq`,
        [keys],
      );
      for (const s of shipments) {
        const from = nodeId(s.sender_id, s.out_warehouse_id, s.product_id, s.batch);
        if (s.in_hash) {
          edges.push({
            kind: TraceEdgeKind.SHIPMENT,
            from,
            to: nodeId(s.receiver_id!, s.in_warehouse_id, s.product_id, s.batch),
            quantity: s.in_quantity!,
            outHash: s.out_hash,
            inHash: s.in_hash,
            productionHash: null,
          });
        }
        if (seenShipments.has(String(s.id))) continue;
        seenShipments.add(String(s.id));
        if (Number(s.in_transit) > 0) {
          const to = nodeId(s.receiver_id ?? s.receiver_code, null, s.product_id, s.batch);
          const transit = nodes.get(to);
          if (transit) transit.quantity = addDecimal(transit.quantity, s.in_transit);
          else {
            nodes.set(to, {
              id: to,
              enterpriseCode: s.receiver_code,
              enterpriseId: s.receiver_id === null ? null : String(s.receiver_id),
              warehouseCode: null,
              warehouseId: null,
              productCode: s.product_code,
              productId: String(s.product_id),
              batch: s.batch,
              quantity: s.in_transit,
              inTransit: true,
              depth,
            });
          }
          edges.push({ kind: TraceEdgeKind.SHIPMENT, from, to, quantity: s.in_transit, outHash: s.out_hash, inHash: null, productionHash: null });
        }
      }
      if (nodes.size > MAX_TRACE_NODES) {
        truncated = true;
        break;
      }
      if (depth === args.maxDepth) break;

      const next: { key: Key; ways: Way[] }[] = [];
      const enqueue = (p: string, b: string, way: Way) => {
        const k = keyOf(p, b);
        if (visited.has(k)) return;
        visited.add(k);
        next.push({ key: { p: String(p), b }, ways: [way] });
      };
      const upKeys = frontier.filter((f) => f.ways.includes('UP')).map((f) => f.key);
      const downKeys = frontier.filter((f) => f.ways.includes('DOWN')).map((f) => f.key);
      const select = `select p.hash, p.enterprise_id, p.warehouse_id, p.product_id, p.batch, p.quantity, i.product_id as input_product_id, i.batch as input_batch
                        from jsonb_to_recordset(?::jsonb) as k(p bigint, b text)`;
      if (upKeys.length) {
        const rows = await run<ProductionRow>(
          `${select} cross join lateral (select x.* from ledger_entry x where x.product_id = k.p and x.batch = k.b and x.reason = 'PRODUCTION' offset 0) p
                     join ledger_production_input i on i.entry_id = p.id`,
          [JSON.stringify(upKeys)],
        );
        for (const r of rows) {
          productions.push(r);
          enqueue(r.input_product_id, r.input_batch, 'UP');
        }
      }
      if (downKeys.length) {
        const rows = await run<ProductionRow>(
          `${select} cross join lateral (select x.* from ledger_production_input x where x.product_id = k.p and x.batch = k.b offset 0) i
                     join ledger_entry p on p.id = i.entry_id`,
          [JSON.stringify(downKeys)],
        );
        for (const r of rows) {
          productions.push(r);
          enqueue(r.product_id, r.batch, 'DOWN');
        }
      }
      frontier = next;
    }

    // PRODUCTION edges: from the producer's holdings of the input batch to the produced holding.
    const holdingsOf = new Map<string, TraceNode[]>();
    for (const node of nodes.values()) {
      if (node.inTransit) continue;
      const k = `${node.enterpriseId}\u0000${keyOf(node.productId, node.batch)}`;
      holdingsOf.set(k, [...(holdingsOf.get(k) ?? []), node]);
    }
    const seenProduction = new Set<string>();
    for (const r of productions) {
      const link = `${r.hash}\u0000${r.input_product_id}\u0000${r.input_batch}`;
      if (seenProduction.has(link)) continue;
      seenProduction.add(link);
      const to = nodeId(r.enterprise_id, r.warehouse_id, r.product_id, r.batch);
      if (!nodes.has(to)) continue;
      for (const node of holdingsOf.get(`${r.enterprise_id}\u0000${keyOf(r.input_product_id, r.input_batch)}`) ?? []) {
        edges.push({ kind: TraceEdgeKind.PRODUCTION, from: node.id, to, quantity: r.quantity, outHash: null, inHash: null, productionHash: r.hash });
      }
    }
    return {
      product: code,
      batch: args.batch,
      direction: args.direction,
      maxDepth: args.maxDepth,
      nodes: [...nodes.values()],
      edges,
      truncated,
      queries,
    };
  }
}

function addDecimal(a: string, b: string): string {
  return formatThousandths((parseThousandths(a) as bigint) + (parseThousandths(b) as bigint));
}
