import { Viewer } from '../../src/access/viewer';
import { codes, TestResult } from './api';
import { countStatements } from './statements';

type Run = (query: string, variables?: Record<string, unknown>, viewer?: Viewer) => Promise<TestResult>;
type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Record<string, unknown> }[] };

export interface PagedList {
  /** The query field, e.g. `assistanceRequests`. */
  field: string;
  /** The node's selection, e.g. `id matter`. */
  node: string;
  viewer: Viewer;
  /** Arguments besides first and after, with their variables: `['$c: CreditCode!', 'creditCode: $c']`. */
  args?: [string, string];
  variables?: Record<string, unknown>;
  /** Rows per page while walking. */
  first?: number;
  /** Whether a page without totalCount is read with no COUNT (false for a list held in memory). */
  countsInSql?: boolean;
}

/**
 * Walks a connection page by page (each next page after the last one's
 * endCursor) and checks what every list promises: the pages together are the
 * whole list in order, each says the same totalCount, only the last has no
 * next page; a forged cursor is BAD_USER_INPUT naming `after`; a page read
 * without totalCount counts nothing. Returns the nodes, for the caller's own
 * assertions on order and content.
 */
export async function expectPaged(run: Run, list: PagedList): Promise<Record<string, unknown>[]> {
  const [defs, args] = list.args ? [`, ${list.args[0]}`, `, ${list.args[1]}`] : ['', ''];
  const query = `query($first: Int, $after: String${defs}) { ${list.field}(first: $first, after: $after${args}) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${list.node} } } } }`;
  const read = async (variables: Record<string, unknown>): Promise<Page> => {
    const result = await run(query, { ...list.variables, ...variables }, list.viewer);
    expect(result.errors).toBeUndefined();
    return result.data![list.field] as Page;
  };
  const whole = await read({ first: 100 });
  expect(whole.pageInfo.hasNextPage).toBe(false);
  expect(whole.edges).toHaveLength(whole.totalCount);
  const first = list.first ?? 2;
  expect(whole.totalCount).toBeGreaterThan(first);
  const walked: Page['edges'] = [];
  let after: string | null = null;
  for (;;) {
    const page = await read({ first, after });
    expect(page.totalCount).toBe(whole.totalCount);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    walked.push(...page.edges);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
  expect(walked).toEqual(whole.edges);

  const forged = await run(query, { ...list.variables, after: 'not-a-cursor' }, list.viewer);
  expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
  expect(forged.errors![0].extensions!.field).toBe('after');
  const uncounted = await countStatements(() => run(query.replace('totalCount ', ''), { ...list.variables, first: 1 }, list.viewer));
  expect(uncounted.result.errors).toBeUndefined();
  if (list.countsInSql !== false) expect(uncounted.sql.filter((s) => /count\(/i.test(s))).toEqual([]);
  return whole.edges.map((e) => e.node);
}
