import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Viewer } from '../access/viewer';
import { rawQuery } from '../db/raw-query';
import { AccessError, CommonCode, DomainError } from '../shared/domain-error';
import { LedgerEntry } from './ledger-entry.entity';
import { LogTip } from './log-tip';
import { movementConditions, MovementFilter } from './movement-visibility';

/** One committed entry at its place in the transparency log: resume a feed after `position`. */
export interface FeedItem {
  position: string;
  entry: LedgerEntry;
}

declare module '../graphql/context' {
  interface Context {
    /** The process's watcher of the log's newest position (live feeds over WebSocket). */
    logTip?: LogTip;
    /** When the caller's token stops being valid: a live feed ends then (null: no expiry of its own). */
    credentialExpiresAt?: Date | null;
  }
}

const BATCH = 100;
/** Even without a wake-up, a feed looks again this often. */
const IDLE_MS = 5_000;

export function checkPosition(value: string | null | undefined, field: readonly string[]): bigint {
  if (value === null || value === undefined) return -1n;
  if (!/^(0|[1-9]\d{0,17})$/.test(value)) throw new DomainError(CommonCode.BAD_USER_INPUT, `"${value}" is not a log position`, field);
  return BigInt(value);
}

/**
 * Committed ledger entries in log order (docs/log.md's logIndex), as far as the
 * viewer may read them (movementConditions: the `movements` rules). A client
 * that reconnects with the last position it received misses nothing and gets
 * nothing twice: positions only grow, and an entry gets its position once.
 */
export class LedgerFeedService {
  constructor(private readonly em: EntityManager) {}

  /** Up to `limit` log positions after `after`, and the entries among them the viewer may read. */
  async after(viewer: Viewer, after: bigint, filter: MovementFilter, limit = BATCH): Promise<{ items: FeedItem[]; scannedTo: bigint; full: boolean }> {
    const em = this.em.fork();
    const leaves = await rawQuery<{ log_index: string; entry_id: string }>(
      em,
      `select log_index::text, entry_id::text from log_leaf where log_index > ? order by log_index limit ?`,
      [after.toString(), limit],
    );
    if (leaves.length === 0) return { items: [], scannedTo: after, full: false };
    const where = [{ id: { $in: leaves.map((l) => l.entry_id) } }, ...movementConditions(viewer, filter)];
    const entries = await em.find(LedgerEntry, { $and: where } as FilterQuery<LedgerEntry>);
    const byId = new Map(entries.map((e) => [e.id, e]));
    const items = leaves.flatMap((leaf) => {
      const entry = byId.get(leaf.entry_id);
      return entry ? [{ position: leaf.log_index, entry }] : [];
    });
    return { items, scannedTo: BigInt(leaves[leaves.length - 1].log_index), full: leaves.length === limit };
  }

  /**
   * Follows the log from `after` for as long as the subscriber listens: what is
   * there first, then each new entry as the log grows. Ends with UNAUTHENTICATED
   * when the credential expires.
   */
  async *follow(viewer: Viewer, after: bigint, filter: MovementFilter, tip: LogTip | undefined, expiresAt: Date | null, now: () => Date): AsyncGenerator<FeedItem> {
    let position = after;
    for (;;) {
      if (expiresAt && now() >= expiresAt) throw AccessError.unauthenticated('The token has expired: subscribe again with a fresh one, from the last position received');
      const { items, scannedTo, full } = await this.after(viewer, position, filter);
      for (const item of items) yield item;
      position = scannedTo;
      if (full) continue;
      const wait = expiresAt ? Math.max(0, Math.min(IDLE_MS, expiresAt.getTime() - now().getTime())) : IDLE_MS;
      if (tip?.stopped) return; // the server is stopping
      if (tip) await tip.waitBeyond(position, wait);
      else await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1_000)));
    }
  }
}
