/**
 * Bench phase 7b, in the bench's own process: inclusion and consistency
 * proofs as the server builds them (LogProofService: each tile read by its
 * primary key) against the same statements as they were (log_tile joined,
 * bench/log-proofs-before.ts), on the same entries in alternating passes, one
 * connection each as a server's pooled one (prepared statements, generic
 * plans). Each pair of proofs must be equal.
 */
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { Role, Viewer } from '../src/access/viewer';
import { ormConfig } from '../src/db/orm-config';
import { entities } from '../src/entities';
import { LogProofService } from '../src/ledger/log-proof.service';
import { consistencyBefore, inclusionBefore } from './log-proofs-before';
import { Row, summarize } from './stats';

const regulator: Viewer = { role: Role.REGULATOR, subject: 'bench-regulator' } as Viewer;

async function timed<T>(work: () => Promise<T>, into: number[] | null): Promise<T> {
  const t = performance.now();
  const result = await work();
  into?.push(performance.now() - t);
  return result;
}

export async function benchProofAssembly(databaseUrl: string, picks: { chain: string; seq: number }[], passes = 3): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const now = await MikroORM.init(ormConfig(databaseUrl, entities, { pool: { min: 1, max: 1 } }));
  const before = await MikroORM.init(ormConfig(databaseUrl, entities, { pool: { min: 1, max: 1 } }));
  try {
    const ms = { inclusion: [] as number[], inclusionBefore: [] as number[], consistency: [] as number[], consistencyBefore: [] as number[] };
    for (let pass = 0; pass <= passes; pass++) {
      // Pass 0 warms both up.
      const keep = pass > 0;
      for (const p of picks) {
        const service = new LogProofService(now.em.fork());
        const proof = await timed(() => service.entryProof(regulator, p.chain, p.seq), keep ? ms.inclusion : null);
        const old = await timed(() => inclusionBefore(before.em.fork(), p.chain, p.seq), keep ? ms.inclusionBefore : null);
        if (old.join() !== proof.proof.join()) throw new Error(`bench: the two inclusion proofs of ${p.chain}/${p.seq} differ`);
        // From just past the entry to the same checkpoint: proofs from every part of the log.
        const from = proof.logIndex + 1;
        const consistency = await timed(() => service.consistencyProof(from, proof.treeSize), keep ? ms.consistency : null);
        const oldConsistency = await timed(() => consistencyBefore(before.em.fork(), from, proof.treeSize), keep ? ms.consistencyBefore : null);
        if (oldConsistency.join() !== consistency.proof.join()) throw new Error(`bench: the two consistency proofs from ${from} differ`);
      }
    }
    const figures = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, summarize(v)])) as Record<keyof typeof ms, ReturnType<typeof summarize>>;
    const f = (n: number) => `${n.toFixed(2)} ms`;
    const n = `${picks.length} × ${passes}`;
    const { inclusion, inclusionBefore: i0, consistency, consistencyBefore: c0 } = figures;
    return {
      rows: [
        { metric: `7. entryProof in process (${n}), tiles by key, p50`, measured: f(inclusion.p50), baseline: f(i0.p50), ratio: '', target: '', verdict: 'info' },
        { metric: '   p99 (baseline: log_tile joined, as before)', measured: f(inclusion.p99), baseline: f(i0.p99), ratio: `${(i0.p99 / inclusion.p99).toFixed(1)} ×`, target: '≤ 5 ms', verdict: inclusion.p99 <= 5 ? 'PASS' : 'MISS' },
        { metric: `7. consistencyProof in process (${n}), tiles by key, p50`, measured: f(consistency.p50), baseline: f(c0.p50), ratio: '', target: '', verdict: 'info' },
        { metric: '   p99 (baseline: log_tile joined, as before)', measured: f(consistency.p99), baseline: f(c0.p99), ratio: `${(c0.p99 / consistency.p99).toFixed(1)} ×`, target: '', verdict: 'info' },
      ],
      result: figures,
    };
  } finally {
    await now.close(true);
    await before.close(true);
  }
}
