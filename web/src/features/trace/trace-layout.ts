/**
 * Positions for the trace graph, left (upstream) to right (downstream): a
 * node's column is its distance from the graph's sources, so goods flow one
 * way. Linear in nodes and edges, where Cytoscape's force layouts take
 * seconds at 500 nodes; a column taller than ROWS wraps into side columns so
 * a batch shipped to hundreds of buyers stays readable when fitted.
 */
export const COLUMN_GAP = 260;
export const ROW_GAP = 70;
const ROWS = 20;
const WRAP_GAP = 170;

export function layeredPositions(ids: readonly string[], edges: readonly { from: string; to: string }[]): Map<string, { x: number; y: number }> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const e of edges) {
    if (!out.has(e.from) || !out.has(e.to) || e.from === e.to) continue;
    out.get(e.from)!.push(e.to);
    indegree.set(e.to, indegree.get(e.to)! + 1);
  }
  // Breadth-first from the sources; a cycle with no source (goods sent back and forth) starts from its first node.
  const rank = new Map<string, number>();
  const visit = (start: string) => {
    rank.set(start, 0);
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head];
      for (const next of out.get(id)!) {
        if (rank.has(next)) continue;
        rank.set(next, rank.get(id)! + 1);
        queue.push(next);
      }
    }
  };
  for (const id of ids) if (indegree.get(id) === 0 && !rank.has(id)) visit(id);
  for (const id of ids) if (!rank.has(id)) visit(id);

  const columns: string[][] = [];
  for (const id of ids) (columns[rank.get(id)!] ??= []).push(id);
  const positions = new Map<string, { x: number; y: number }>();
  let x = 0;
  for (const column of columns) {
    if (!column) continue;
    const wraps = Math.ceil(column.length / ROWS);
    const rows = Math.ceil(column.length / wraps);
    column.forEach((id, i) => {
      const sub = Math.floor(i / rows);
      const row = i % rows;
      positions.set(id, { x: x + sub * WRAP_GAP, y: (row - (rows - 1) / 2) * ROW_GAP });
    });
    x += (wraps - 1) * WRAP_GAP + COLUMN_GAP;
  }
  return positions;
}
