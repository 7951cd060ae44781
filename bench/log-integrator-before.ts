/**
 * The integrator's pass as it was before one-statement frontiers (kept for
 * bench phase 7c's same-run baseline): the tree size, every pending entry
 * sorted by id to take the first `limit`, the edge tiles, the leaves and the
 * tiles, each a statement of its own; the checkpoint signed apart, reading the
 * size, the latest checkpoint and the root's subtrees again.
 */
import { performance } from 'node:perf_hooks';
import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../src/db/raw-query';
import { IntegrationPass, LogIntegrator } from '../src/ledger/log-integrator';
import { PendingEntry, readTiles, treeSize } from '../src/ledger/log-store';
import { leafHash } from '../src/proof/merkle';
import { appendLeaves, edgeTiles, Tile } from '../src/proof/tiles';

export async function integrateBefore(em: EntityManager, integrator: LogIntegrator, limit: number, sign: boolean): Promise<IntegrationPass> {
  const ms = { read: 0, hash: 0, sign: 0, write: 0, commit: 0 };
  let mark = performance.now();
  const lap = (phase: keyof typeof ms) => {
    const now = performance.now();
    ms[phase] += now - mark;
    mark = now;
  };
  const entries = await em.fork().transactional(async (tx) => {
    const size = await treeSize(tx);
    const pending = await rawQuery<PendingEntry>(
      tx,
      `select e.id, e.chain, e.seq, e.hash
         from ledger_chain c
         cross join lateral (select coalesce(max(l.seq), 0) as done from log_leaf l where l.chain = c.chain) p
         join ledger_entry e on e.chain = c.chain and e.seq > p.done and e.seq <= c.last_seq
        where c.last_seq > p.done
        order by e.id
        limit ?`,
      [limit],
    );
    if (pending.length === 0) return 0;
    const edge = await readTiles(tx, edgeTiles(size));
    lap('read');
    const appended = appendLeaves(size, edge, pending.map((e) => leafHash(Buffer.from(e.hash, 'hex'))));
    lap('hash');
    await rawQuery(
      tx,
      `insert into log_leaf (log_index, entry_id, chain, seq)
       select w.i, w.id, w.chain, w.seq from json_to_recordset(?::json) as w(i bigint, id bigint, chain text, seq int)`,
      [JSON.stringify(pending.map((e, n) => ({ i: size + n, id: e.id, chain: e.chain, seq: e.seq })))],
    );
    await writeTiles(tx, appended.tiles);
    lap('write');
    return pending.length;
  });
  lap('commit');
  const checkpoint = sign && entries > 0 ? await integrator.checkpoint() : null;
  lap('sign');
  return { entries, checkpoint, ms };
}

async function writeTiles(em: EntityManager, tiles: Tile[]): Promise<void> {
  await rawQuery(
    em,
    `insert into log_tile (level, idx, hashes, interior)
     select level, idx, decode(hashes, 'base64'), decode(interior, 'base64') from json_to_recordset(?::json) as w(level int, idx bigint, hashes text, interior text)
     on conflict (level, idx) do update set hashes = excluded.hashes, interior = excluded.interior where log_tile.hashes <> excluded.hashes`,
    [JSON.stringify(tiles.map((t) => ({ level: t.level, idx: t.index, hashes: t.hashes.toString('base64'), interior: t.interior.toString('base64') })))],
  );
}
