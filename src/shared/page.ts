import { DomainError, CommonCode } from './domain-error';

/** A page of a Relay cursor connection, as services return it; a count not yet asked for is counted when read. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | Promise<number>;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function encodeCursor(key: string | number): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

/** What a cursor's key looks like: a number, or a name where rows have none (a department's code, a job's name). */
export const NUMERIC_KEY = /^-?\d+$/;
export const NAME_KEY = /^[A-Za-z0-9_-]{1,100}$/;

/** The key after which a page starts, or null; a forged cursor is BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string | null | undefined, key: RegExp = NUMERIC_KEY): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:') || !key.test(text.slice(2))) throw new DomainError(CommonCode.BAD_USER_INPUT, 'Invalid cursor', ['after']);
  return text.slice(2);
}

export function pageSize(args: PageArgs): number {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new DomainError(CommonCode.BAD_USER_INPUT, `first must be between 0 and ${MAX_PAGE_SIZE}`, ['first']);
  }
  return first;
}

/** Builds a page from up to `size + 1` rows fetched in key order after the cursor. */
export function toPage<T>(rows: T[], size: number, keyOf: (row: T) => string | number, totalCount: number, after: string | null): Page<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** Pages a list already loaded whole (a nested connection batched by a DataLoader), keyed by numeric id. */
export function pageOf<T extends { id: string }>(rows: T[], args: PageArgs): Page<T> {
  const size = pageSize(args);
  const after = decodeCursor(args.after);
  const rest = after === null ? rows : rows.filter((r) => BigInt(r.id) > BigInt(after));
  return toPage(rest.slice(0, size + 1), size, (r) => r.id, rows.length, after);
}

/** Pages a list already loaded whole and sorted by a name (rows with no numeric key), the cursor holding the name. */
export function pageByName<T>(rows: T[], args: PageArgs, nameOf: (row: T) => string): Page<T> {
  const size = pageSize(args);
  const after = decodeCursor(args.after, NAME_KEY);
  const rest = after === null ? rows : rows.filter((r) => nameOf(r) > after);
  return toPage(rest.slice(0, size + 1), size, nameOf, rows.length, after);
}
