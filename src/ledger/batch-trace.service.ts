import type { Knex } from '@mikro-orm/knex';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { formatThousandths, parseThousandths } from '../proof/quantity';
import { normalizeTraceCode } from '../proof/trace-code';
import { TraceEdge, TraceGraph, TraceNode } from './batch-trace';
import { LedgerError } from './ledger.errors';
import { TraceDirection, TraceEdgeKind } from './ledger.enums';
import { TraceBatchArgs } from './ledger.inputs';

export const MAX_TRACE_DEPTH = 10;
export const MAX_TRACE_NODES = 5000;

const keyOf = (p: string | number, b: string) => `${p}\u0000${b}`;
const nodeId = (enterprise: string, warehouse: string | null, product: string | number, batch: string) =>
  `${enterprise}:${warehouse ?? 'transit'}:${product}:${batch}`;

/** One holding: enterprise_id, credit_code, warehouse_id, warehouse_code, product_id, trace_code, batch, quantity. */
type HoldingRow = [string, string, string, string, string, string, string, string];
/** One shipment (once per receipt): id, sender_id, receiver_id, receiver_code, product_id, product_code, batch, in_transit, out_hash, out_warehouse_id, in_hash, in_warehouse_id, in_quantity. */
type ShipmentRow = [string, string, string | null, string, string, string, string, string, string, string, string | null, string | null, string | null];
/** One (PRODUCTION entry, input) pair: hash, enterprise_id, warehouse_id, product_id, batch, quantity, input_product_id, input_batch, way. */
type ProductionRow = [string, string, string, string, string, string, string, string, 'UP' | 'DOWN'];

interface LevelRow {
  depth: number;
  holdings: HoldingRow[] | null;
  shipments: ShipmentRow[] | null;
  productions: ProductionRow[] | null;
}

/*
 * The whole walk is one recursive statement, one row per level (depth). A level's row holds its holdings, its
 * shipments (in the order `s.id, i.seq`) and, unless the walk stops at this level, its PRODUCTION rows: UP rows
 * (the frontier's batches as products, with their inputs) before DOWN rows (the frontier's batches as inputs), each
 * in frontier order. The next frontier is those rows' batches in that order, first occurrence kept, minus every
 * batch of an earlier level (the visited set, carried as `product_id/batch` keys; the product id is digits, so the
 * key is unambiguous); each keeps the way that found it. A level's node count is exact: holdings are distinct
 * (warehouse, product, batch) rows, and its transit nodes one per (product, receiver, batch) with goods in transit;
 * no node can repeat across levels, as no batch does. The walk stops after a level when the running count exceeds
 * the cap (truncated), at maxDepth, or when the frontier is empty: exactly where the level-by-level walk stopped.
 *
 * Every lookup by a level's keys is a LATERAL subquery (OFFSET 0 keeps the planner from flattening it): one index
 * probe per key, whatever the planner guesses of the frontier's size.
 */
const WALK = `
with recursive walk(depth, np, nb, nw, visited, total, holdings, shipments, productions) as (
  select -1, array[r.id], array[?::text], array[?::text], array[r.id::text || '/' || ?::text], 0::bigint, null::json, null::json, null::json
    from product r where r.trace_code = ?
  union all
  select w.depth + 1, n.np, n.nb, n.nw, w.visited || n.keys, w.total + h.n + s.n, h.rows, s.rows, pr.rows
    from walk w
    cross join lateral (
      select count(*) as n,
             json_agg(json_build_array(b.enterprise_id::text, e.credit_code, b.warehouse_id::text, wh.code, b.product_id::text, p.trace_code, b.batch, b.quantity::text)
                      order by k.ord, b.id) as rows
        from unnest(w.np, w.nb) with ordinality as k(p, b, ord)
        cross join lateral (select x.* from ledger_balance x where x.product_id = k.p and x.batch = k.b offset 0) b
        join enterprise e on e.id = b.enterprise_id
        join warehouse wh on wh.id = b.warehouse_id
        join product p on p.id = b.product_id
    ) h
    cross join lateral (
      select count(distinct s.product_id::text || '/' || coalesce(s.receiver_id::text, s.receiver_code) || '/' || s.batch) filter (where s.in_transit > 0) as n,
             json_agg(json_build_array(s.id::text, s.sender_id::text, s.receiver_id::text, s.receiver_code, s.product_id::text, s.product_code, s.batch, s.in_transit::text,
                                       s.out_hash, s.out_warehouse_id::text, i.hash, i.warehouse_id::text, i.quantity::text)
                      order by s.id, i.seq) as rows
        from unnest(w.np, w.nb) as k(p, b)
        cross join lateral (
          select x.*, o.warehouse_id as out_warehouse_id
            from ledger_shipment x join ledger_entry o on o.id = x.out_entry_id
           where x.product_id = k.p and x.batch = k.b offset 0
        ) s
        left join lateral (select i.hash, i.warehouse_id, i.quantity, i.seq from ledger_entry i where i.source_entry_id = s.out_entry_id and i.direction = 'IN' offset 0) i on true
    ) s
    cross join lateral (
      select json_agg(json_build_array(c.hash, c.enterprise_id::text, c.warehouse_id::text, c.product_id::text, c.batch, c.quantity::text,
                                       c.input_product_id::text, c.input_batch, c.way)
                      order by c.way = 'DOWN', c.ord, c.pos, c.iid) as rows
        from (
          select 'UP' as way, k.ord, p.id as pos, i.id as iid, p.hash, p.enterprise_id, p.warehouse_id, p.product_id, p.batch, p.quantity,
                 i.product_id as input_product_id, i.batch as input_batch
            from unnest(w.np, w.nb, w.nw) with ordinality as k(p, b, way, ord)
            cross join lateral (select x.* from ledger_entry x where x.product_id = k.p and x.batch = k.b and x.reason = 'PRODUCTION' offset 0) p
            join ledger_production_input i on i.entry_id = p.id
           where k.way <> 'DOWN'
          union all
          select 'DOWN', k.ord, i.id, i.id, p.hash, p.enterprise_id, p.warehouse_id, p.product_id, p.batch, p.quantity, i.product_id, i.batch
            from unnest(w.np, w.nb, w.nw) with ordinality as k(p, b, way, ord)
            cross join lateral (select x.* from ledger_production_input x where x.product_id = k.p and x.batch = k.b offset 0) i
            join ledger_entry p on p.id = i.entry_id
           where k.way <> 'UP'
        ) c
       where w.depth + 1 < ?::int and w.total + h.n + s.n <= ?::int
    ) pr
    cross join lateral (
      select coalesce(array_agg(x.p order by x.pos), '{}') as np, coalesce(array_agg(x.b order by x.pos), '{}') as nb,
             coalesce(array_agg(x.way order by x.pos), '{}') as nw, coalesce(array_agg(x.key), '{}') as keys
        from (
          select distinct on (c.key) c.pos, c.way, c.key, split_part(c.key, '/', 1)::bigint as p, substr(c.key, strpos(c.key, '/') + 1) as b
            from (
              select j.pos, j.r->>8 as way,
                     case j.r->>8 when 'UP' then (j.r->>6) || '/' || (j.r->>7) else (j.r->>3) || '/' || (j.r->>4) end as key
                from json_array_elements(pr.rows) with ordinality as j(r, pos)
            ) c
           where c.key not in (select unnest(w.visited))
           order by c.key, c.pos
        ) x
    ) n
   where cardinality(w.np) > 0
)
select depth, holdings, shipments, productions from walk order by depth`;

/**
 * Traces a batch: every holding of it across enterprises, the shipments
 * between them, and across PRODUCTION entries the batches it was made from
 * (UPSTREAM) or went into (DOWNSTREAM), level by level, breadth first: a batch
 * belongs to the first level that reaches it. The walk is one statement
 * (WALK), whatever the number of levels and nodes.
 */
export class BatchTraceService {
  constructor(private readonly em: EntityManager) {}

  async traceBatch(viewer: Viewer, args: TraceBatchArgs): Promise<TraceGraph> {
    assertRegulator(viewer);
    if (!Number.isInteger(args.maxDepth) || args.maxDepth < 0 || args.maxDepth > MAX_TRACE_DEPTH) {
      throw LedgerError.invalidArgument(['maxDepth'], `maxDepth must be 0 to ${MAX_TRACE_DEPTH}`);
    }
    const code = normalizeTraceCode(args.product);
    const graph = await traceWalk(this.em, code, args.batch, args.direction, args.maxDepth, MAX_TRACE_NODES);
    if (!graph) throw LedgerError.productNotFound(['product'], code);
    return graph;
  }
}

/** The graph of `batch` of the product `code`, or null when there is no such product; `cap` is the node cap (MAX_TRACE_NODES). */
export async function traceWalk(em: EntityManager, code: string, batch: string, direction: TraceDirection, maxDepth: number, cap: number): Promise<TraceGraph | null> {
  const way = direction === TraceDirection.BOTH ? 'BOTH' : direction === TraceDirection.UPSTREAM ? 'UP' : 'DOWN';
  const levels = await preparedQuery<LevelRow>(em, 'hz_trace_walk', WALK, [batch, way, batch, code, maxDepth, cap]);
  if (levels.length === 0) return null;
  const queries = 1;
  const nodes = new Map<string, TraceNode>();
  const edges: TraceEdge[] = [];
  const productions: ProductionRow[] = [];
  const seenShipments = new Set<string>();
  let truncated = false;

  for (const level of levels) {
    if (level.depth < 0) continue;
    const depth = level.depth;
    for (const [enterpriseId, creditCode, warehouseId, warehouseCode, productId, traceCode, hBatch, quantity] of level.holdings ?? []) {
      const id = nodeId(enterpriseId, warehouseId, productId, hBatch);
      nodes.set(id, {
        id,
        enterpriseCode: creditCode,
        enterpriseId,
        warehouseCode,
        warehouseId,
        productCode: traceCode,
        productId,
        batch: hBatch,
        quantity,
        inTransit: false,
        depth,
      });
    }
    for (const s of level.shipments ?? []) {
      const [shipmentId, senderId, receiverId, receiverCode, productId, productCode, sBatch, inTransit, outHash, outWarehouseId, inHash, inWarehouseId, inQuantity] = s;
      const from = nodeId(senderId, outWarehouseId, productId, sBatch);
      if (inHash) {
        edges.push({
          kind: TraceEdgeKind.SHIPMENT,
          from,
          to: nodeId(receiverId!, inWarehouseId, productId, sBatch),
          quantity: inQuantity!,
          outHash,
          inHash,
          productionHash: null,
        });
      }
      if (seenShipments.has(shipmentId)) continue;
      seenShipments.add(shipmentId);
      if (Number(inTransit) > 0) {
        const to = nodeId(receiverId ?? receiverCode, null, productId, sBatch);
        const transit = nodes.get(to);
        if (transit) transit.quantity = addDecimal(transit.quantity, inTransit);
        else {
          nodes.set(to, {
            id: to,
            enterpriseCode: receiverCode,
            enterpriseId: receiverId,
            warehouseCode: null,
            warehouseId: null,
            productCode,
            productId,
            batch: sBatch,
            quantity: inTransit,
            inTransit: true,
            depth,
          });
        }
        edges.push({ kind: TraceEdgeKind.SHIPMENT, from, to, quantity: inTransit, outHash, inHash: null, productionHash: null });
      }
    }
    // The statement stops after this level too: its count is the same as this one.
    if (nodes.size > cap) {
      truncated = true;
      break;
    }
    for (const r of level.productions ?? []) productions.push(r);
  }

  // PRODUCTION edges: from the producer's holdings of the input batch to the produced holding.
  const holdingsOf = new Map<string, TraceNode[]>();
  for (const node of nodes.values()) {
    if (node.inTransit) continue;
    const k = `${node.enterpriseId}\u0000${keyOf(node.productId, node.batch)}`;
    holdingsOf.set(k, [...(holdingsOf.get(k) ?? []), node]);
  }
  const seenProduction = new Set<string>();
  for (const [hash, enterpriseId, warehouseId, productId, pBatch, quantity, inputProductId, inputBatch] of productions) {
    const link = `${hash}\u0000${inputProductId}\u0000${inputBatch}`;
    if (seenProduction.has(link)) continue;
    seenProduction.add(link);
    const to = nodeId(enterpriseId, warehouseId, productId, pBatch);
    if (!nodes.has(to)) continue;
    for (const node of holdingsOf.get(`${enterpriseId}\u0000${keyOf(inputProductId, inputBatch)}`) ?? []) {
      edges.push({ kind: TraceEdgeKind.PRODUCTION, from: node.id, to, quantity, outHash: null, inHash: null, productionHash: hash });
    }
  }
  return {
    product: code,
    batch,
    direction,
    maxDepth,
    nodes: [...nodes.values()],
    edges,
    truncated,
    queries,
  };
}

/**
 * rawQuery as a named prepared statement: each pooled connection parses WALK once, and after a few runs
 * PostgreSQL reuses one plan instead of planning the walk's many subqueries on every trace.
 */
async function preparedQuery<T>(em: EntityManager, name: string, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const knex = (em.getTransactionContext<Knex.Transaction>() ?? em.getKnex()) as Knex;
  const result = await knex.raw(sql, bindings as Knex.RawBinding[]).options({ name });
  return (result as { rows: T[] }).rows;
}

function addDecimal(a: string, b: string): string {
  return formatThousandths((parseThousandths(a) as bigint) + (parseThousandths(b) as bigint));
}
