import { EntityName, FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { CommonCode, DomainError } from '../shared/domain-error';
import { followFeed } from '../shared/follow-feed';
import type { PositionWatch } from './position-watch';
import { rawQuery } from './raw-query';

/**
 * A place in a table read in commit order: the id of the transaction that wrote
 * the row (its `tx` column, defaulted to pg_current_xact_id()), then the row's
 * id. Serial ids alone leave gaps for a reader: a transaction that took id 7
 * may commit after one that took id 8 was read. Reading only rows whose
 * transaction is older than the snapshot's xmin (every transaction below it has
 * ended) and ordering by (tx, id) means no row can later appear behind the
 * place reached, so a feed resumed from it misses nothing.
 */
export interface CommitCursor {
  tx: bigint;
  id: bigint;
}

export const COMMIT_START: CommitCursor = { tx: -1n, id: -1n };
const ALL_IDS = 2n ** 63n - 1n;

/**
 * The `tx` column's default: the writing transaction's id, spelt as PostgreSQL
 * prints it back, so the migration generator sees no difference to emit.
 */
export const CURRENT_TX_SQL = '((pg_current_xact_id())::text)::bigint';

export function formatCommitCursor(cursor: CommitCursor): string {
  return `${cursor.tx}.${cursor.id}`;
}

/** A position a client received (`<tx>.<id>`); none: from the start. */
export function parseCommitCursor(value: string | null | undefined, field: readonly string[]): CommitCursor {
  if (value === null || value === undefined) return COMMIT_START;
  const match = /^(0|[1-9]\d{0,17})\.(0|[1-9]\d{0,17})$/.exec(value);
  if (!match) throw new DomainError(CommonCode.BAD_USER_INPUT, `"${value}" is not a feed position (<tx>.<id>)`, field);
  return { tx: BigInt(match[1]), id: BigInt(match[2]) };
}

/** Transactions below this id have all ended: their rows are all visible, and no new row will carry a smaller tx. */
async function horizon(em: EntityManager): Promise<bigint> {
  const [row] = await rawQuery<{ xmin: string }>(em, `select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`);
  return BigInt(row.xmin);
}

/**
 * Up to `limit` rows matching `where` after `after` in commit order, and the
 * cursor to continue from: the last row's when the page is full, otherwise the
 * horizon (everything older has been seen, matching or not).
 */
export async function commitOrderPage<T extends { tx: string; id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: readonly Record<string, unknown>[],
  after: CommitCursor,
  limit: number,
): Promise<{ rows: T[]; next: CommitCursor; full: boolean }> {
  const below = await horizon(em);
  const conditions = [
    ...where,
    { tx: { $lt: below.toString() } },
    { $or: [{ tx: { $gt: after.tx.toString() } }, { tx: after.tx.toString(), id: { $gt: after.id.toString() } }] },
  ];
  const rows = (await em.find(entity, { $and: conditions } as FilterQuery<T>, { orderBy: { tx: 'asc', id: 'asc' } as never, limit })) as T[];
  const full = rows.length === limit;
  if (full) return { rows, next: cursorOf(rows[rows.length - 1]), full };
  const seen = { tx: below - 1n, id: ALL_IDS };
  return { rows, next: seen.tx > after.tx ? seen : after, full };
}

/** The place "from now": every row already committed lies behind it. */
export async function commitHorizonCursor(em: EntityManager): Promise<CommitCursor> {
  return { tx: (await horizon(em)) - 1n, id: ALL_IDS };
}

export function cursorOf(row: { tx: string; id: string }): CommitCursor {
  return { tx: BigInt(row.tx), id: BigInt(row.id) };
}

/** The newest committed tx among `tables` (-1 when none): what a PositionWatch over commit-ordered feeds reads. */
export async function committedTip(em: EntityManager, tables: readonly string[]): Promise<bigint> {
  const maxima = tables.map((t) => `coalesce((select max(tx) from "${t}" where tx < h.x), -1)`).join(', ');
  const [row] = await rawQuery<{ tip: string }>(em, `select greatest(-1, ${maxima})::text as tip from (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as x) h`);
  return BigInt(row.tip);
}

/** One row of a commit-ordered feed at its place: resume after `position`. */
export interface CommitFeedItem<T> {
  position: string;
  node: T;
}

export interface CommitFeedOptions {
  /** The process's watcher of committedTip; without it, a feed looks again every second. */
  watch?: PositionWatch;
  expiresAt: Date | null;
  now: () => Date;
  batch?: number;
}

/** Follows `entity`'s rows matching `where` in commit order from `after`, live (followFeed). */
export function followCommitOrder<T extends { tx: string; id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: readonly Record<string, unknown>[],
  after: CommitCursor,
  options: CommitFeedOptions,
): AsyncGenerator<CommitFeedItem<T>> {
  const { watch } = options;
  const source = {
    page: async (position: CommitCursor) => {
      const { rows, next, full } = await commitOrderPage(em.fork(), entity, where, position, options.batch ?? 100);
      return { items: rows.map((node) => ({ position: formatCommitCursor(cursorOf(node)), node })), next, full };
    },
    wait: (position: CommitCursor, ms: number) => (watch ? watch.waitBeyond(position.tx, ms) : new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 1_000)))),
    stopped: () => watch?.stopped ?? false,
  };
  return followFeed(source, after, options.expiresAt, options.now);
}
