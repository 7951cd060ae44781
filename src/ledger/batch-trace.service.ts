import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown, assertInArea } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { formatThousandths, parseThousandths } from '../proof/quantity';
import { normalizeTraceCode } from '../proof/trace-code';
import { TraceEdge, TraceGraph, TraceNode } from './batch-trace';
import { LedgerError } from './ledger.errors';
import { TraceDirection, TraceEdgeKind } from './ledger.enums';
import { TraceBatchArgs } from './ledger.inputs';
import { preparedQuery } from '../db/raw-query';

export const MAX_TRACE_DEPTH = 10;
export const MAX_TRACE_NODES = 5000;

const keyOf = (p: string, b: string) => `${p}\u0000${b}`;
const nodeId = (enterprise: string, warehouse: string | null, product: string, batch: string) =>
  `${enterprise}:${warehouse ?? 'transit'}:${product}:${batch}`;

/** What ledger_trace() (migrations/Migration20261126141059_trace_function.ts) returns: rows in one array per statement, ids and quantities as text. */
interface TraceWalk {
  rows: (HoldingRow | ShipmentRow | ProductionRow)[][];
  statements: number;
  truncated: boolean;
}
interface HoldingRow {
  kind: 'holding';
  depth: number;
  enterprise_id: string;
  credit_code: string;
  warehouse_id: string;
  warehouse_code: string;
  product_id: string;
  trace_code: string;
  batch: string;
  quantity: string;
}
/** One row per receipt (IN entry) of the shipment, or one with in_hash null when none. */
interface ShipmentRow {
  kind: 'shipment';
  depth: number;
  id: string;
  sender_id: string;
  receiver_id: string | null;
  receiver_code: string;
  product_id: string;
  product_code: string;
  batch: string;
  in_transit: string;
  /** in_transit > 0: the shipment makes a transit node (ledger_trace counts nodes by it too). */
  open: boolean;
  out_hash: string;
  out_warehouse_id: string;
  in_hash: string | null;
  in_warehouse_id: string | null;
  in_quantity: string | null;
}
/** One row per input of a PRODUCTION entry crossed. */
interface ProductionRow {
  kind: 'production';
  hash: string;
  enterprise_id: string;
  warehouse_id: string;
  product_id: string;
  batch: string;
  quantity: string;
  input_product_id: string;
  input_batch: string;
}

/**
 * The product by its code, its enterprise's town, and the walk: one round trip. The walk runs only where the
 * caller may trace (a TOWN regulator, in its town; every other regulator, anywhere).
 */
const TRACE_SQL = `select e.credit_code, e.town,
       case when ?::text is null or e.town = ?::text
            then ledger_trace(p.id, ?::text, ?::boolean, ?::boolean, ?::int, ?::int) end as walk
  from product p join enterprise e on e.id = p.enterprise_id
 where p.trace_code = ?`;

/**
 * Traces a batch: every holding of it across enterprises, the shipments
 * between them, and across PRODUCTION entries the batches it was made from
 * (UPSTREAM) or went into (DOWNSTREAM). The level-by-level walk is one call of
 * ledger_trace(), whose statements run a fixed number of times per level
 * whatever the number of nodes; the graph is assembled here.
 */
export class BatchTraceService {
  constructor(private readonly em: EntityManager) {}

  async traceBatch(viewer: Viewer, args: TraceBatchArgs): Promise<TraceGraph> {
    assertRegulator(viewer);
    if (!Number.isInteger(args.maxDepth) || args.maxDepth < 0 || args.maxDepth > MAX_TRACE_DEPTH) {
      throw LedgerError.invalidArgument(['maxDepth'], `maxDepth must be 0 to ${MAX_TRACE_DEPTH}`);
    }
    const code = normalizeTraceCode(args.product);
    const town = areaTown(viewer) ?? null;
    const [found] = await preparedQuery<{ credit_code: string; town: string; walk: TraceWalk | null }>(this.em, 'hz_trace_batch', TRACE_SQL, [
      town,
      town,
      args.batch,
      args.direction !== TraceDirection.DOWNSTREAM,
      args.direction !== TraceDirection.UPSTREAM,
      args.maxDepth,
      MAX_TRACE_NODES,
      code,
    ]);
    if (!found) throw LedgerError.productNotFound(['product'], code);
    // A TOWN regulator traces its town's batches, wherever they went (a recall follows the batch).
    assertInArea(viewer, { creditCode: found.credit_code, town: found.town }, ['product']);
    const walk = found.walk!;
    const nodes = new Map<string, TraceNode>();
    const edges: TraceEdge[] = [];
    const productions: ProductionRow[] = [];
    const seenShipments = new Set<string>();
    for (const row of walk.rows.flat()) {
      if (row.kind === 'holding') {
        const id = nodeId(row.enterprise_id, row.warehouse_id, row.product_id, row.batch);
        nodes.set(id, {
          id,
          enterpriseCode: row.credit_code,
          enterpriseId: row.enterprise_id,
          warehouseCode: row.warehouse_code,
          warehouseId: row.warehouse_id,
          productCode: row.trace_code,
          productId: row.product_id,
          batch: row.batch,
          quantity: row.quantity,
          inTransit: false,
          depth: row.depth,
        });
      } else if (row.kind === 'shipment') {
        const from = nodeId(row.sender_id, row.out_warehouse_id, row.product_id, row.batch);
        if (row.in_hash) {
          edges.push({
            kind: TraceEdgeKind.SHIPMENT,
            from,
            to: nodeId(row.receiver_id!, row.in_warehouse_id, row.product_id, row.batch),
            quantity: row.in_quantity!,
            outHash: row.out_hash,
            inHash: row.in_hash,
            productionHash: null,
          });
        }
        if (seenShipments.has(row.id)) continue;
        seenShipments.add(row.id);
        if (row.open) {
          const to = nodeId(row.receiver_id ?? row.receiver_code, null, row.product_id, row.batch);
          const transit = nodes.get(to);
          if (transit) transit.quantity = addDecimal(transit.quantity, row.in_transit);
          else {
            nodes.set(to, {
              id: to,
              enterpriseCode: row.receiver_code,
              enterpriseId: row.receiver_id,
              warehouseCode: null,
              warehouseId: null,
              productCode: row.product_code,
              productId: row.product_id,
              batch: row.batch,
              quantity: row.in_transit,
              inTransit: true,
              depth: row.depth,
            });
          }
          edges.push({ kind: TraceEdgeKind.SHIPMENT, from, to, quantity: row.in_transit, outHash: row.out_hash, inHash: null, productionHash: null });
        }
      } else productions.push(row);
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
      truncated: walk.truncated,
      queries: walk.statements + 1, // and the one around it, which finds the product
    };
  }
}

function addDecimal(a: string, b: string): string {
  return formatThousandths((parseThousandths(a) as bigint) + (parseThousandths(b) as bigint));
}
