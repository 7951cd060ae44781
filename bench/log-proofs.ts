/**
 * Bench phase 7b, in the bench's own process: an entry's inclusion proof as
 * the server builds it (one statement reading each stored subtree hash,
 * LogProofService) against how it built it before (the entry and checkpoint,
 * then whole tiles, the subtrees inside them hashed again), on the same
 * entries in alternating passes. Both proofs must be equal.
 */
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { Role, Viewer } from '../src/access/viewer';
import { ormConfig } from '../src/db/orm-config';
import { rawQuery } from '../src/db/raw-query';
import { entities } from '../src/entities';
import { LogProofService } from '../src/ledger/log-proof.service';
import { readTiles } from '../src/ledger/log-store';
import { assembleProof, inclusionProofRanges, nodesForRanges } from '../src/proof/merkle';
import { nodeFromTiles, tilesForNodes } from '../src/proof/tiles';
import { Row, summarize } from './stats';

const regulator: Viewer = { role: Role.REGULATOR, subject: 'bench-regulator' } as Viewer;

/** The proof as it was built before stored subtree hashes: two statements, whole tiles, up to 255 hashes recomputed per tile level. */
async function wholeTileProof(orm: MikroORM, chain: string, seq: number): Promise<string[]> {
  const em = orm.em.fork();
  const [row] = await rawQuery<{ log_index: string; size: string }>(
    em,
    `select l.log_index, (select max(size) from log_checkpoint) as size from ledger_entry e join log_leaf l on l.entry_id = e.id where e.chain = ? and e.seq = ?`,
    [chain, seq],
  );
  const ranges = inclusionProofRanges(Number(row.log_index), Number(row.size));
  const tiles = await readTiles(em, tilesForNodes(nodesForRanges(ranges)));
  return assembleProof(ranges, (node) => nodeFromTiles(node, tiles)).map((hash) => hash.toString('base64'));
}

export async function benchProofAssembly(databaseUrl: string, picks: { chain: string; seq: number }[], passes = 3): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const orm = await MikroORM.init(ormConfig(databaseUrl, entities, { pool: { min: 1, max: 1 } }));
  try {
    const stored: number[] = [];
    const before: number[] = [];
    for (let pass = 0; pass <= passes; pass++) {
      for (const p of picks) {
        let t = performance.now();
        const proof = await new LogProofService(orm.em.fork()).entryProof(regulator, p.chain, p.seq);
        const storedMs = performance.now() - t;
        t = performance.now();
        const old = await wholeTileProof(orm, p.chain, p.seq);
        const beforeMs = performance.now() - t;
        if (old.join() !== proof.proof.join()) throw new Error(`bench: the two proofs of ${p.chain}/${p.seq} differ`);
        // Pass 0 warms both up.
        if (pass > 0) {
          stored.push(storedMs);
          before.push(beforeMs);
        }
      }
    }
    const now = summarize(stored);
    const then = summarize(before);
    return {
      rows: [
        { metric: `7. entryProof in process (${picks.length} × ${passes}), stored subtree hashes, p50`, measured: `${now.p50.toFixed(2)} ms`, baseline: `${then.p50.toFixed(2)} ms`, ratio: '', target: '', verdict: 'info' },
        { metric: '   p99 (baseline: whole tiles, subtrees hashed again)', measured: `${now.p99.toFixed(2)} ms`, baseline: `${then.p99.toFixed(2)} ms`, ratio: `${(then.p99 / now.p99).toFixed(1)} ×`, target: '≤ 5 ms', verdict: now.p99 <= 5 ? 'PASS' : 'MISS' },
      ],
      result: { stored: now, wholeTiles: then },
    };
  } finally {
    await orm.close(true);
  }
}
