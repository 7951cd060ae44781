/**
 * Bench phase 7: the transparency log (issue #11). Checkpoint lag during the
 * batched ingest, entryProof latency, offline verification of inclusion
 * proofs against raw SHA-256, and the integrator's own throughput.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { LogTimeline } from './log-timeline';
import { getText, timeProofsApart } from './proof-client';
import { fmt, pct, Row, summarize } from './stats';

/** Waits until the log has signed a checkpoint holding every entry; returns how long that took. */
export async function waitForCheckpoint(sql: Client, timeoutMs = 120_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    const { rows } = await sql.query<{ entries: string; signed: string }>(
      'select (select count(*) from ledger_entry) as entries, (select coalesce(max(size), 0) from log_checkpoint) as signed',
    );
    if (Number(rows[0].signed) >= Number(rows[0].entries)) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`bench: the log signed ${rows[0].signed} of ${rows[0].entries} entries in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A split of the lag, in ms: p50, p99, max and how many calls. */
export type LagFigures = ReturnType<typeof summarize>;

type Figures = ReturnType<typeof summarize>;

/**
 * Per call: from when its answer reached the client (its transaction had
 * committed) to when the first checkpoint holding its last entry was signed,
 * in ms (client and server share the machine's clock); its two parts, commit
 * → integrated (the timeline's first sample holding the entry) and integrated
 * → signed; and the time between the checkpoints signed while the calls were
 * answered.
 */
export async function checkpointLag(
  sql: Client,
  calls: { hash: string; at: number }[],
  timeline: LogTimeline,
): Promise<{ lag: Figures; integrated: Figures; signed: Figures; interval: Figures }> {
  const { rows } = await sql.query<{ at: number; log_index: string; signed_at: number }>(
    `select r.at, l.log_index, extract(epoch from c.created_at) * 1000 as signed_at
       from json_to_recordset($1::json) as r(hash text, at double precision)
       join ledger_entry e on e.hash = r.hash join log_leaf l on l.entry_id = e.id
       cross join lateral (select k.created_at from log_checkpoint k where k.size > l.log_index order by k.size limit 1) c`,
    [JSON.stringify(calls)],
  );
  const parts = rows.flatMap((r) => {
    const at = timeline.integratedAt(Number(r.log_index));
    return at === null ? [] : [{ integrated: at - r.at, signed: Number(r.signed_at) - at }];
  });
  const { rows: signings } = await sql.query<{ at: number }>(
    'select extract(epoch from created_at) * 1000 as at from log_checkpoint where created_at between to_timestamp($1 / 1000.0) and to_timestamp($2 / 1000.0) order by size',
    [Math.min(...calls.map((c) => c.at)), Math.max(...calls.map((c) => c.at))],
  );
  return {
    lag: summarize(rows.map((r) => Number(r.signed_at) - r.at)),
    integrated: summarize(parts.map((p) => p.integrated)),
    signed: summarize(parts.map((p) => p.signed)),
    interval: summarize(signings.slice(1).map((s, i) => Number(s.at) - Number(signings[i].at))),
  };
}

interface EntryProof {
  logIndex: number;
  treeSize: number;
  hash: string;
  proof: string[];
}

/** `count` entries spread over the ledger, each one's proof fetched over HTTP by a client process of its own (proof-client.ts) and read from the table as the baseline. */
export async function benchEntryProofs(sql: Client, graphqlUrl: string, token: string, count: number): Promise<{ rows: Row[]; proofs: EntryProof[]; picks: { chain: string; seq: number }[]; root: Buffer; result: Record<string, unknown> }> {
  const base = new URL(graphqlUrl);
  const { rows: total } = await sql.query<{ n: string }>('select max(id) as n from ledger_entry');
  const step = Math.max(1, Math.floor(Number(total[0].n) / count));
  const { rows: picks } = await sql.query<{ chain: string; seq: number }>(`select chain, seq from ledger_entry where id % $1 = 0 order by id limit $2`, [step, count]);
  const { rows: warm } = await sql.query<{ chain: string; seq: number }>(`select chain, seq from ledger_entry where id % $1 = $1 / 2 order by id limit $2`, [step, count]);
  const checkpoint = await getText(base, '/checkpoint', token);
  const root = Buffer.from(checkpoint.split('\n')[2], 'base64');
  const { proofMs, checkpointMs, proofs: answers } = await timeProofsApart({ url: graphqlUrl, token, picks, warm });
  const proofs = answers.map((text) => JSON.parse(text) as EntryProof);
  const readMs: number[] = [];
  for (const p of picks) {
    const t = performance.now();
    await sql.query('select hash, canonical from ledger_entry where chain = $1 and seq = $2', [p.chain, p.seq]);
    readMs.push(performance.now() - t);
  }
  const proof = summarize(proofMs);
  const read = summarize(readMs);
  const checkpointRead = summarize(checkpointMs);
  return {
    proofs,
    picks,
    root,
    rows: [
      { metric: `7. entryProof over HTTP (${picks.length}, one client process), p50`, measured: `${proof.p50.toFixed(2)} ms`, baseline: `${read.p50.toFixed(2)} ms`, ratio: '', target: '', verdict: 'info' },
      { metric: '   entryProof p99 (baseline: the entry read in SQL)', measured: `${proof.p99.toFixed(2)} ms`, baseline: `${read.p99.toFixed(2)} ms`, ratio: '', target: '≤ 5 ms', verdict: proof.p99 <= 5 ? 'PASS' : 'MISS' },
      { metric: '   entryProof p50 / p99 (baseline: GET /checkpoint, one row and no audit, interleaved)', measured: `${proof.p50.toFixed(2)} / ${proof.p99.toFixed(2)} ms`, baseline: `${checkpointRead.p50.toFixed(2)} / ${checkpointRead.p99.toFixed(2)} ms`, ratio: '', target: '', verdict: 'info' },
    ],
    result: { entryProof: proof, entryRead: read, checkpointRead },
  };
}

/**
 * The offline verifier's own code (scripts/verify/log.mjs) checking the
 * proofs, against raw SHA-256 over as many 64-byte node pairs as the proofs
 * hold: the work a verification cannot avoid.
 */
export async function benchOfflineVerification(proofs: EntryProof[], root: Buffer): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  // A real dynamic import: the verifier is an ES module, the bench is compiled to CommonJS.
  const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Record<string, any>>;
  const verifier = await importModule(path.join(__dirname, '../scripts/verify/log.mjs'));
  const rounds = 20;
  const pairs = proofs.reduce((n, p) => n + p.proof.length, 0);
  const verify = () => {
    for (const p of proofs) {
      const computed = verifier.rootFromInclusion(p.logIndex, p.treeSize, verifier.leafHash(p.hash), verifier.fromBase64(p.proof));
      if (!computed?.equals(root)) throw new Error(`bench: the proof of log index ${p.logIndex} does not verify`);
    }
  };
  const pair = Buffer.alloc(65, 1);
  const raw = () => {
    for (let i = 0; i < pairs; i++) createHash('sha256').update(pair).digest();
  };
  verify();
  raw();
  let t = performance.now();
  for (let r = 0; r < rounds; r++) verify();
  const verifySeconds = (performance.now() - t) / 1000;
  t = performance.now();
  for (let r = 0; r < rounds; r++) raw();
  const rawSeconds = (performance.now() - t) / 1000;
  const verifyRate = (proofs.length * rounds) / verifySeconds;
  const rawRate = (proofs.length * rounds) / rawSeconds;
  return {
    rows: [
      {
        metric: `7. offline verification of ${proofs.length} inclusion proofs, proofs/s`,
        measured: fmt(verifyRate),
        baseline: fmt(rawRate),
        ratio: pct(verifyRate / rawRate),
        target: '≥ 50 %',
        verdict: verifyRate / rawRate >= 0.5 ? 'PASS' : 'MISS',
      },
    ],
    result: { proofs: proofs.length, meanProofLength: pairs / proofs.length, rounds, verifyRate, rawRate },
  };
}
