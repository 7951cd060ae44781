import { EntityManager } from '@mikro-orm/postgresql';
import { preparedQuery, rawQuery } from '../db/raw-query';
import { NodeId } from '../proof/merkle';
import { Tile, TileId, tileKey, tilesForNodes } from '../proof/tiles';

/** The log's tables read and written in SQL: tiles, leaves, checkpoints (docs/log.md). */

export interface PendingEntry {
  id: string;
  chain: string;
  seq: number;
  hash: string;
}

/** Leaves in the tree: the next leaf's index. */
export async function treeSize(em: EntityManager): Promise<number> {
  const [row] = await rawQuery<{ size: string }>(em, 'select coalesce(max(log_index) + 1, 0) as size from log_leaf');
  return Number(row.size);
}

/**
 * Committed entries not yet in the log, oldest first, at most `limit`. A
 * chain's head (ledger_chain.last_seq) is written in the same transaction as
 * its entries, so one statement sees, per chain, a committed head and every
 * entry up to it: an entry whose transaction commits late is simply found by
 * a later run, never skipped. Chains keep seq order; across chains, id order.
 */
export async function pendingEntries(em: EntityManager, limit: number): Promise<PendingEntry[]> {
  return rawQuery<PendingEntry>(
    em,
    `select e.id, e.chain, e.seq, e.hash
       from ledger_chain c
       cross join lateral (select coalesce(max(l.seq), 0) as done from log_leaf l where l.chain = c.chain) p
       join ledger_entry e on e.chain = c.chain and e.seq > p.done and e.seq <= c.last_seq
      where c.last_seq > p.done
      order by e.id
      limit ?`,
    [limit],
  );
}

export async function readTiles(em: EntityManager, ids: TileId[]): Promise<Map<string, Buffer>> {
  if (ids.length === 0) return new Map();
  const rows = await preparedQuery<{ level: number; idx: string; hashes: Buffer }>(
    em,
    'hz_log_read_tiles',
    `select t.level, t.idx, t.hashes from log_tile t join json_to_recordset(?::json) as w(level int, idx bigint) on t.level = w.level and t.idx = w.idx`,
    [JSON.stringify(ids.map((id) => ({ level: id.level, idx: id.index })))],
  );
  return new Map(rows.map((r) => [tileKey({ level: r.level, index: Number(r.idx) }), r.hashes]));
}

/** The tiles under a set of complete subtrees. */
export function readNodeTiles(em: EntityManager, nodes: NodeId[]): Promise<Map<string, Buffer>> {
  return readTiles(em, tilesForNodes(nodes));
}

export async function writeTiles(em: EntityManager, tiles: Tile[]): Promise<void> {
  if (tiles.length === 0) return;
  await rawQuery(
    em,
    `insert into log_tile (level, idx, hashes)
     select level, idx, decode(hashes, 'base64') from json_to_recordset(?::json) as w(level int, idx bigint, hashes text)
     on conflict (level, idx) do update set hashes = excluded.hashes where log_tile.hashes <> excluded.hashes`,
    [JSON.stringify(tiles.map((t) => ({ level: t.level, idx: t.index, hashes: t.hashes.toString('base64') })))],
  );
}

export async function writeLeaves(em: EntityManager, firstIndex: number, entries: PendingEntry[]): Promise<void> {
  await rawQuery(
    em,
    `insert into log_leaf (log_index, entry_id, chain, seq)
     select w.i, w.id, w.chain, w.seq from json_to_recordset(?::json) as w(i bigint, id bigint, chain text, seq int)`,
    [JSON.stringify(entries.map((e, n) => ({ i: firstIndex + n, id: e.id, chain: e.chain, seq: e.seq })))],
  );
}

export interface StoredCheckpoint {
  size: number;
  root: string;
  note: string;
  createdAt: Date;
}

type CheckpointRow = { size: string; root: string; note: string; created_at: Date | string };
const toCheckpoint = (row: CheckpointRow | undefined): StoredCheckpoint | null =>
  row ? { size: Number(row.size), root: row.root, note: row.note, createdAt: new Date(row.created_at) } : null;

export async function latestCheckpoint(em: EntityManager): Promise<StoredCheckpoint | null> {
  const [row] = await rawQuery<CheckpointRow>(em, 'select size, root, note, created_at from log_checkpoint order by size desc limit 1');
  return toCheckpoint(row);
}

export async function checkpointOfSize(em: EntityManager, size: number): Promise<StoredCheckpoint | null> {
  const [row] = await rawQuery<CheckpointRow>(em, 'select size, root, note, created_at from log_checkpoint where size = ?', [size]);
  return toCheckpoint(row);
}

/**
 * An entry with its place in the log (null while the integrator has not
 * reached it) and the size of the checkpoint asked for (`size`, or the
 * latest when null; null when there is no such checkpoint), in one statement.
 */
export function entryWithCheckpoint(
  em: EntityManager,
  chain: string,
  seq: number,
  size: number | null,
): Promise<{ id: string; hash: string; canonical: string; log_index: string | null; checkpoint_size: string | null }[]> {
  return preparedQuery(
    em,
    'hz_log_entry_proof',
    `select e.id, e.hash, e.canonical, l.log_index, k.size as checkpoint_size
       from ledger_entry e
       left join log_leaf l on l.entry_id = e.id
       left join lateral (select size from log_checkpoint where ?::bigint is null or size = ?::bigint order by size desc limit 1) k on true
      where e.chain = ? and e.seq = ?`,
    [size, size, chain, seq],
  );
}

/** One stored tile's hashes (as wide as the tree now fills it), or null. */
export async function readTile(em: EntityManager, id: TileId): Promise<Buffer | null> {
  return (await readTiles(em, [id])).get(tileKey(id)) ?? null;
}

export async function insertCheckpoint(em: EntityManager, c: StoredCheckpoint): Promise<void> {
  await rawQuery(em, 'insert into log_checkpoint (size, root, note, created_at) values (?, ?, ?, ?) on conflict (size) do nothing', [c.size, c.root, c.note, c.createdAt]);
}

/** The witnesses' cosignature lines of the checkpoint of `size`, in their registration order. */
export async function cosignatureLines(em: EntityManager, size: number): Promise<string> {
  const rows = await rawQuery<{ line: string }>(em, 'select line from log_cosignature where size = ? order by witness_id', [size]);
  return rows.map((r) => r.line).join('');
}
