import { graphql } from '../../gql';
import type { TraceBatchQuery } from '../../gql/graphql';
import { formatQuantity } from '../../lib/format';
import type { GraphEdge, GraphNode } from './TraceGraphView';

/** The budget: graphs up to this many nodes are drawn; larger ones are listed. */
export const MAX_DRAWN_NODES = 500;

export const TraceBatchQueryDocument = graphql(`
  query TraceBatch($product: String!, $batch: String!, $direction: TraceDirection!, $maxDepth: Int!) {
    traceBatch(product: $product, batch: $batch, direction: $direction, maxDepth: $maxDepth) {
      product
      batch
      truncated
      nodes {
        id
        enterpriseCode
        enterprise {
          name
        }
        warehouseCode
        warehouse {
          name
        }
        productCode
        product {
          tradeName
          unit
          chemical {
            name
          }
        }
        batch
        quantity
        inTransit
        depth
      }
      edges {
        kind
        from
        to
        quantity
        outHash
        inHash
        productionHash
      }
    }
  }
`);

export type TraceData = TraceBatchQuery['traceBatch'];
export type TraceNodeData = TraceData['nodes'][number];
export type TraceEdgeData = TraceData['edges'][number];

export interface Words {
  unit(unit: string): string;
  inTransit: string;
}

/** A node's lines in the graph: holder, warehouse (or in transit) and batch, quantity. */
export function nodeLabel(node: TraceNodeData, words: Words): string {
  const holder = node.enterprise?.name ?? node.enterpriseCode;
  const place = node.inTransit ? words.inTransit : node.warehouseCode;
  return `${holder}\n${place} · ${node.batch}\n${formatQuantity(node.quantity, words.unit(node.product.unit))}`;
}

/** The elements Cytoscape draws; an edge's quantity is in the unit of the product it carries to. */
export function graphElements(trace: TraceData, words: Words): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  return {
    nodes: trace.nodes.map((n) => ({
      id: n.id,
      label: nodeLabel(n, words),
      origin: n.depth === 0 && n.productCode === trace.product && n.batch === trace.batch,
      inTransit: n.inTransit,
    })),
    edges: trace.edges.map((e, i) => ({
      id: `e${i}`,
      from: e.from,
      to: e.to,
      label: formatQuantity(e.quantity, words.unit(byId.get(e.to)?.product.unit ?? '')),
      production: e.kind === 'PRODUCTION',
    })),
  };
}
