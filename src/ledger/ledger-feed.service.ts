import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Viewer } from '../access/viewer';
import { rawQuery } from '../db/raw-query';
import { CommonCode, DomainError } from '../shared/domain-error';
import { FeedSource, followFeed } from '../shared/follow-feed';
import { matchesAll } from '../shared/match-conditions';
import { LedgerEntry } from './ledger-entry.entity';
import { FanOutSource, LedgerFanOut, SharedEntry } from './ledger-fan-out';
import { LogTip } from './log-tip';
import { movementConditions, MovementFilter } from './movement-visibility';

/** One committed entry at its place in the transparency log: resume a feed after `position`. */
export interface FeedItem {
  position: string;
  entry: LedgerEntry;
}

declare module '../graphql/context' {
  interface Context {
    /** The process's live ledger feeds: one shared reader, or (LEDGER_FEED_SHARED_READ=false) a watcher of the log's newest position waking each feed's own reads. */
    ledgerFeed?: LedgerFeedWatch;
  }
}

export type LedgerFeedWatch = { fanOut: LedgerFanOut<FeedItem> } | { tip: LogTip };

/** The facts movementConditions decides on, as the shared reader carries them for every entry. */
interface FactsRow {
  position: string;
  id: string;
  chain: string;
  town: string;
  highly_toxic: boolean;
  explosive_precursor: boolean;
  warehouse_code: string;
  product_code: string;
  batch: string;
  reason: string;
  direction: string;
}

const BATCH = 100;

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
    // Ordered by the column, not the text output of the same name (which would put 10 before 2).
    const leaves = await rawQuery<{ log_index: string; entry_id: string }>(
      em,
      `select log_index::text, entry_id::text from log_leaf where log_index > ? order by log_leaf.log_index limit ?`,
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
   * Follows the log from `after` for as long as the subscriber listens (followFeed): from the shared
   * reader's memory once within it, filtered by the same conditions the database reads use.
   */
  follow(viewer: Viewer, after: bigint, filter: MovementFilter, watch: LedgerFeedWatch | undefined, expiresAt: Date | null, now: () => Date): AsyncGenerator<FeedItem> {
    const own = async (position: bigint) => {
      const { items, scannedTo, full } = await this.after(viewer, position, filter);
      return { items, next: scannedTo, full };
    };
    if (watch && 'fanOut' in watch) {
      const { fanOut } = watch;
      const conditions = movementConditions(viewer, filter);
      const source: FeedSource<FeedItem, bigint> = {
        page: async (position) => {
          const held = fanOut.after(position, BATCH);
          if (!held) return own(position);
          return { items: held.entries.filter((e) => matchesAll(conditions, e.facts)).map((e) => e.item), next: held.scannedTo, full: held.more };
        },
        wait: (position, ms) => fanOut.waitBeyond(position, ms),
        stopped: () => fanOut.stopped,
      };
      return listening(fanOut, followFeed(source, after, expiresAt, now));
    }
    const tip = watch?.tip;
    const source: FeedSource<FeedItem, bigint> = {
      page: own,
      wait: (position, ms) => (tip ? tip.waitBeyond(position, ms) : new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 1_000)))),
      stopped: () => tip?.stopped ?? false,
    };
    return followFeed(source, after, expiresAt, now);
  }

  /** The shared reader's source: each range of the log once, with the facts movementConditions decides on. */
  static sharedSource(em: EntityManager): FanOutSource<FeedItem> {
    return {
      tip: async () => {
        const [row] = await rawQuery<{ tip: string }>(em.fork(), `select coalesce(max(log_index), -1)::text as tip from log_leaf`);
        return BigInt(row.tip);
      },
      range: async (after, limit) => {
        const fork = em.fork();
        const rows = await rawQuery<FactsRow>(
          fork,
          `select l.log_index::text as position, e.id::text as id, e.chain, ent.town, c.highly_toxic, c.explosive_precursor,
                  e.warehouse_code, e.product_code, e.batch, e.reason::text as reason, e.direction::text as direction
             from log_leaf l
             join ledger_entry e on e.id = l.entry_id
             join enterprise ent on ent.id = e.enterprise_id
             join product p on p.id = e.product_id
             join chemical c on c.serial = p.chemical_serial
            where l.log_index > ? order by l.log_index limit ?`,
          [after.toString(), limit],
        );
        if (rows.length === 0) return [];
        const entries = await fork.find(LedgerEntry, { id: { $in: rows.map((r) => r.id) } });
        const byId = new Map(entries.map((e) => [e.id, e]));
        return rows.map((r): SharedEntry<FeedItem> => ({
          position: BigInt(r.position),
          item: { position: r.position, entry: byId.get(r.id)! },
          facts: {
            chain: r.chain,
            enterprise: { town: r.town },
            product: { chemical: { highlyToxic: r.highly_toxic, explosivePrecursor: r.explosive_precursor } },
            warehouseCode: r.warehouse_code,
            productCode: r.product_code,
            batch: r.batch,
            reason: r.reason,
            direction: r.direction,
          },
        }));
      },
    };
  }
}

/** A feed counted among the shared reader's listeners from its first read until it stops (completed, ended or failed). */
async function* listening<T>(fanOut: LedgerFanOut<T>, feed: AsyncGenerator<T>): AsyncGenerator<T> {
  const leave = fanOut.join();
  try {
    yield* feed;
  } finally {
    leave();
  }
}
