import { EntityManager } from '@mikro-orm/postgresql';
import { withConnection } from '../db/plain-connection';
import { preparedQuery, rawQuery, shapeOf, shapesBy, WriteInRead } from '../db/raw-query';
import { NodeId } from '../proof/merkle';
import { nodeFromSlice, Tile, TileId, tileKey } from '../proof/tiles';

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

/** What an integration pass starts from: the tree's size, its right-edge tiles and the entries to append. */
export interface LogFrontier {
  size: number;
  /** The partly filled tiles at the tree's right edge (edgeTiles), keyed by tileKey. */
  edge: Map<string, Buffer>;
  pending: PendingEntry[];
}

/** logFrontier's statement, its two parameters the pass's limit (exported for its plan's test). */
export const LOG_FRONTIER = `with s as (select coalesce(max(log_index) + 1, 0) as size from log_leaf),
      b as (select coalesce(sum(last_seq), 0) as entries from ledger_chain),
      c as materialized (
        select c.chain, c.last_seq, p.done from ledger_chain c
         cross join lateral (select coalesce(max(l.seq), 0) as done from log_leaf l where l.chain = c.chain) p
         where c.last_seq > p.done),
      f as (select min(e.id) as floor from c cross join lateral (select id from ledger_entry x where x.chain = c.chain and x.seq = c.done + 1 offset 0) e),
      k as (select f.floor + ?::int - 1 as cutoff from f),
      p as (select e.id, e.chain, e.seq, e.hash from f, k, ledger_entry e join c on c.chain = e.chain
             where e.id >= f.floor and e.id <= k.cutoff and e.seq > c.done and e.seq <= c.last_seq
             order by e.id limit ?)
 select s.size,
        (select json_agg(json_build_object('level', t.level, 'idx', t.idx, 'hashes', encode(t.hashes, 'base64')))
           from generate_series(0, 7) as g(level)
           join log_tile t on t.level = g.level and t.idx = s.size >> (8 * g.level + 8)
          where (s.size >> (8 * g.level)) & 255 <> 0) as edge,
        case when b.entries > s.size then (select json_agg(json_build_array(p.id::text, p.chain, p.seq, p.hash) order by p.id) from p) end as pending
   from s, b`;

/**
 * The tree's size, its edge tiles and the committed entries not yet in the
 * log (oldest first, at most `limit`), in one statement. A chain's head
 * (ledger_chain.last_seq) is written in the same transaction as its entries,
 * so one statement sees, per chain, a committed head and every entry up to
 * it: an entry whose transaction commits late is simply found by a later
 * pass, never skipped. Chains keep seq order; across chains, id order.
 * Only the entries from the oldest pending one to `limit` ids after it are
 * read (a range of the primary key), so a pass behind by a million entries
 * reads at most `limit` of them, not the whole backlog sorted. Ids are
 * nearly dense (a rolled-back append leaves a gap, which only makes a pass
 * take fewer). The bound was the `limit`-th id after it, found by an
 * offset, which PostgreSQL, not knowing how many entries follow the oldest
 * pending one, found by reading the whole table: 16 ms a pass at 37,000
 * entries, growing with the ledger. For the same reason each chain's oldest
 * pending entry is a lookup a chain (`offset 0`), not a join PostgreSQL may
 * hash over the whole table.
 * Every chain's logged seq is a lookup of log_leaf a chain (16–30 ms at
 * 1,000 chains), so it runs only when something is pending: the ledger holds
 * Σ last_seq entries (each chain's seqs run 1 … last_seq) and the tree `size`
 * of them, so a pass that finds the two equal (idle, or woken by the runner's
 * periodic look) reads nothing more: the pending list's subquery sits in a
 * CASE branch, which PostgreSQL evaluates only when taken.
 * Planned on every pass, never prepared: a server starting on an empty
 * ledger ran its first passes, kept their plan (sequential scans of the empty
 * tables, the cutoff scanned again for every row) and took 14 s a pass after
 * 10,000 entries, until PostgreSQL analyzed the tables.
 */
export async function logFrontier(em: EntityManager, limit: number): Promise<LogFrontier> {
  const [row] = await rawQuery<{ size: string; edge: { level: number; idx: string; hashes: string }[] | null; pending: [string, string, number, string][] | null }>(
    em,
    LOG_FRONTIER,
    [limit, limit],
  );
  return {
    size: Number(row.size),
    edge: new Map((row.edge ?? []).map((t) => [tileKey({ level: t.level, index: Number(t.idx) }), Buffer.from(t.hashes, 'base64')])),
    pending: (row.pending ?? []).map(([id, chain, seq, hash]) => ({ id, chain, seq, hash })),
  };
}

/** Tiles by id, each read by its primary key (see NODE_SLICES). */
export async function readTiles(em: EntityManager, ids: TileId[]): Promise<Map<string, Buffer>> {
  if (ids.length === 0) return new Map();
  const rows = await preparedQuery<{ level: number; idx: string; hashes: Buffer }>(
    em,
    'hz_log_read_tiles',
    `select t.level, t.idx, t.hashes from json_to_recordset(?::json) as w(level int, idx bigint)
      cross join lateral (select t.level, t.idx, t.hashes from log_tile t where t.level = w.level and t.idx = w.idx limit 1) t`,
    [JSON.stringify(ids.map((id) => ({ level: id.level, idx: id.index })))],
  );
  return new Map(rows.map((r) => [tileKey({ level: r.level, index: Number(r.idx) }), r.hashes]));
}

/**
 * Each complete subtree's stored hash, read from the tile holding it
 * (src/proof/tiles.ts): level 8·L is tile level L's hashes, levels 8·L+1 …
 * 8·L+7 its interior; a tile stored without one gives the run of hashes under
 * the subtree instead (nodeFromSlice folds it). `nodes` is a set of rows
 * (level int, idx bigint) named n; the result, rows (level, idx, slice).
 * The nodes are grouped by tile and each distinct tile looked up once, by its
 * primary key in a LATERAL subquery (as a join, the prepared statements'
 * generic plans hash-joined a scan of the whole of log_tile, which grows with
 * the log: test/ledger/log-proof-plans). A full tile's hashes and interior
 * (8 KB each) are stored out of line: each column a tile's nodes need is
 * detoasted once there (`substring(… from 1)`) and sliced in memory, where
 * slicing the stored value per node fetched TOAST chunks once per node.
 */
const NODE_SLICES = (nodesAsN: string) => `
  select s.level, s.idx, s.slice
    from (select n.level >> 3 as level, n.idx >> (8 - (n.level & 7)) as idx, array_agg(n.level) as levels, array_agg(n.idx) as idxs,
                 bool_or(n.level & 7 = 0) as base, bool_or(n.level & 7 <> 0) as above
            from ${nodesAsN} group by 1, 2) w
    cross join lateral (select case when w.base or t.interior is null then substring(t.hashes from 1) end as hashes,
                               case when w.above then substring(t.interior from 1) end as interior
                          from log_tile t where t.level = w.level and t.idx = w.idx limit 1) t
    cross join lateral (
      select n.level, n.idx,
             case when x.h = 0 then substring(t.hashes from x.p * 32 + 1 for 32)
                  when t.interior is not null then substring(t.interior from (256 - (512 >> x.h) + x.p) * 32 + 1 for 32)
                  else substring(t.hashes from (x.p << x.h) * 32 + 1 for 32 << x.h) end as slice
        from unnest(w.levels, w.idxs) as n(level, idx)
        cross join lateral (select n.level & 7 as h, (n.idx & ((256 >> (n.level & 7)) - 1))::int as p) x) s`;

const nodeKey = (level: number, index: number) => `${level}/${index}`;

/** The hashes of complete subtrees, by node; one statement reading one stored hash each (see NODE_SLICES). */
export async function readNodes(em: EntityManager, nodes: NodeId[]): Promise<(node: NodeId) => Buffer> {
  const rows =
    nodes.length === 0
      ? []
      : await preparedQuery<{ level: number; idx: string; slice: Buffer }>(
          em,
          'hz_log_read_nodes',
          NODE_SLICES('unnest(?::int[], ?::bigint[]) as n(level, idx)'),
          [nodes.map((n) => n.level), nodes.map((n) => n.index)],
        );
  return nodeReader(rows.map((r) => ({ level: r.level, idx: r.idx, slice: r.slice })));
}

function nodeReader(rows: { level: number; idx: string; slice: Buffer }[]): (node: NodeId) => Buffer {
  const hashes = new Map(rows.map((r) => [nodeKey(r.level, Number(r.idx)), nodeFromSlice(r.slice)]));
  return (node) => {
    const hash = hashes.get(nodeKey(node.level, node.index));
    if (!hash) throw new Error(`the log holds no tile with node ${nodeKey(node.level, node.index)}`);
    return hash;
  };
}

/**
 * One pass's writes in one statement: the entries' leaves from `firstIndex`,
 * every tile the pass changed (over its old version), and the checkpoint it
 * signed, if any.
 */
export async function writeLog(em: EntityManager, firstIndex: number, entries: PendingEntry[], tiles: Tile[], checkpoint: StoredCheckpoint | null): Promise<void> {
  await preparedQuery(
    em,
    'hz_log_write',
    `with leaves as (
       insert into log_leaf (log_index, entry_id, chain, seq)
       select w.i, w.id, w.chain, w.seq from json_to_recordset(?::json) as w(i bigint, id bigint, chain text, seq int)
     ), tiles as (
       insert into log_tile (level, idx, hashes, interior)
       select level, idx, decode(hashes, 'base64'), decode(interior, 'base64') from json_to_recordset(?::json) as w(level int, idx bigint, hashes text, interior text)
       on conflict (level, idx) do update set hashes = excluded.hashes, interior = excluded.interior where log_tile.hashes <> excluded.hashes
     )
     insert into log_checkpoint (size, root, note, created_at) select ?::bigint, ?::text, ?::text, ?::timestamptz where ?::bigint is not null on conflict (size) do nothing`,
    [
      JSON.stringify(entries.map((e, n) => ({ i: firstIndex + n, id: e.id, chain: e.chain, seq: e.seq }))),
      JSON.stringify(tiles.map((t) => ({ level: t.level, idx: t.index, hashes: t.hashes.toString('base64'), interior: t.interior.toString('base64') }))),
      checkpoint?.size ?? null,
      checkpoint?.root ?? null,
      checkpoint?.note ?? null,
      checkpoint?.createdAt ?? null,
      checkpoint?.size ?? null,
    ],
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

/**
 * The latest checkpoint as served (GET /checkpoint, GraphQL's checkpoint): its note followed by the
 * witnesses' cosignature lines, in their registration order; one statement, planned once.
 */
export async function latestCosignedCheckpoint(em: EntityManager): Promise<StoredCheckpoint | null> {
  const [row] = await preparedQuery<CheckpointRow>(
    em,
    'hz_log_latest_cosigned',
    `select c.size, c.root, c.created_at,
            c.note || coalesce((select string_agg(s.line, '' order by s.witness_id) from log_cosignature s where s.size = c.size), '') as note
       from log_checkpoint c order by c.size desc limit 1`,
  );
  return toCheckpoint(row);
}

export async function checkpointOfSize(em: EntityManager, size: number): Promise<StoredCheckpoint | null> {
  const [row] = await rawQuery<CheckpointRow>(em, 'select size, root, note, created_at from log_checkpoint where size = ?', [size]);
  return toCheckpoint(row);
}

export interface EntryInLog {
  id: string;
  hash: string;
  canonical: string;
  /** Null while the integrator has not reached the entry. */
  logIndex: number | null;
  /** The checkpoint asked for (`size`, or the latest when null); null when there is no such checkpoint. */
  checkpointSize: number | null;
  /** Every complete subtree the entry's inclusion proof against that checkpoint folds, by node. */
  node: (node: NodeId) => Buffer;
}

/**
 * An entry, its place in the log, the checkpoint asked for and the hashes of
 * its inclusion proof, in one statement: the siblings along the leaf's path
 * that are complete subtrees of the checkpoint's tree, and the tree's right
 * edge (the complete subtrees its root folds, rangeNodes(0, size)), which
 * holds every node of the one proof range that is not a complete subtree.
 * At most two hashes per tree level, each read where it is stored. With
 * `audit`, the request's audit row is written by the same statement when it
 * proves the entry (logged, within the checkpoint): one round trip and one
 * commit; otherwise it writes nothing and the caller writes its refusal's row.
 */
export async function entryInLog(em: EntityManager, chain: string, seq: number, size: number | null, audit?: WriteInRead): Promise<EntryInLog | null> {
  // With an audit row, it is written by this statement (a CTE inserting from the row when it proves the entry).
  const insert = audit?.insert('hz_proved') ?? null;
  const values = [size, chain, seq, ...(insert?.bindings ?? [])];
  const shape = insert ? auditedEntryInLog(insert.sql) : ENTRY_IN_LOG_SHAPE;
  const rows = await withConnection(em, (connection) => connection.rows<EntryInLogRow>({ ...shape, values }));
  const [row] = rows;
  if (!row) return null;
  const nodes = (row.nodes ?? []).map((n) => ({ level: n.level, idx: String(n.idx), slice: Buffer.from(n.slice, 'base64') }));
  const logIndex = row.log_index === null ? null : Number(row.log_index);
  const checkpointSize = row.checkpoint_size === null ? null : Number(row.checkpoint_size);
  if (insert && logIndex !== null && checkpointSize !== null && logIndex < checkpointSize) audit!.written();
  return { id: row.id, hash: row.hash, canonical: row.canonical, logIndex, checkpointSize, node: nodeReader(nodes) };
}

type EntryInLogRow = { id: string; hash: string; canonical: string; log_index: string | null; checkpoint_size: string | null; nodes: { level: number; idx: string; slice: string }[] | null };

/** entryInLog's statement: its CTEs (size, chain, seq bound in that order), then the row they make from the slices of the path's nodes. */
export const ENTRY_IN_LOG = `with k as (select size from log_checkpoint where size = coalesce(?::bigint, (select max(size) from log_checkpoint))),
          e as (select e.id, e.hash, e.canonical, l.log_index from ledger_entry e left join log_leaf l on l.entry_id = e.id where e.chain = ? and e.seq = ?),
          path as (
            select s.level, (e.log_index >> s.level) # 1 as idx from e, k, generate_series(0, 52) as s(level)
             where e.log_index < k.size and ((((e.log_index >> s.level) # 1) + 1) << s.level) <= k.size
            union
            select s.level, (k.size >> s.level) - 1 from e, k, generate_series(0, 52) as s(level)
             where e.log_index < k.size and (k.size >> s.level) & 1 = 1)`;
export const entryRow = (slices: (nodesAsN: string) => string) => `select e.id, e.hash, e.canonical, e.log_index, k.size as checkpoint_size,
            (select json_agg(json_build_object('level', level, 'idx', idx, 'slice', encode(slice, 'base64'))) from (${slices('path as n')}) s) as nodes
       from e left join k on true`;
const ENTRY_ROW = entryRow(NODE_SLICES);

/**
 * entryInLog's statements, numbered and named once (a proof is asked often; its text is 3 KB): without an
 * audit row, and with each audit row's insert (one text a role, from access/audit.service.ts).
 */
const ENTRY_IN_LOG_SHAPE = shapeOf(`${ENTRY_IN_LOG} ${ENTRY_ROW}`, 'hz_log_entry_in_log');
const auditedEntryInLog = shapesBy(
  (insert) => `${ENTRY_IN_LOG}, hz_read as (${ENTRY_ROW}),
              hz_proved as (select from hz_read where hz_read.log_index < hz_read.checkpoint_size),
              hz_audit as (${insert})
         select * from hz_read`,
);

/** The canonical texts, chains and seqs of the entries at log indexes [from, from + count), in log order. */
export function entriesInLog(em: EntityManager, from: number, count: number): Promise<{ chain: string; seq: number; canonical: string }[]> {
  return rawQuery(
    em,
    `select e.chain, e.seq, e.canonical from log_leaf l join ledger_entry e on e.id = l.entry_id where l.log_index >= ? and l.log_index < ? order by l.log_index`,
    [from, from + count],
  );
}

/** One stored tile's hashes (as wide as the tree now fills it), or null. */
export async function readTile(em: EntityManager, id: TileId): Promise<Buffer | null> {
  return (await readTiles(em, [id])).get(tileKey(id)) ?? null;
}

export async function insertCheckpoint(em: EntityManager, c: StoredCheckpoint): Promise<void> {
  await rawQuery(em, 'insert into log_checkpoint (size, root, note, created_at) values (?, ?, ?, ?) on conflict (size) do nothing', [c.size, c.root, c.note, c.createdAt]);
}
