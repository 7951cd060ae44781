/**
 * Phase 7, the transparency log, over phase 1's ledger: 7a how long a committed entry waited for a
 * signed checkpoint; 7b entry proofs; 7c the integrator alone; 7d the ingest with and without it.
 * The measuring is in bench/log*.ts; here, what each part prints and records.
 */
import { performance } from 'node:perf_hooks';
import { benchEntryProofs, benchOfflineVerification, checkpointLag, waitForCheckpoint } from '../log';
import { benchIngestWithIntegrator } from '../log-ingest';
import { benchIntegrator } from '../log-integrator';
import { benchProofAssembly } from '../log-proofs';
import { LogTimeline } from '../log-timeline';
import { LOG_CHECKPOINT_MS, LOG_INTEGRATE_MS } from '../server';
import { fmt, pct } from '../stats';
import { Bench, log, machineLoad } from './context';
import { Ingest } from './ingest';

/** 7a. How long a committed entry of phase 1 waited to be in a signed checkpoint, and where that time went. */
export async function checkpointLagDuringIngest(bench: Bench, ingest: Ingest, timeline: LogTimeline): Promise<void> {
  const drained = await waitForCheckpoint(bench.sql);
  await timeline.stop();
  const { lag, integrated, signed, interval } = await checkpointLag(bench.sql, ingest.committed, timeline);
  const lagBound = LOG_INTEGRATE_MS + LOG_CHECKPOINT_MS;
  log(`phase 7a: checkpoint lag of ${fmt(lag.n)} calls p50 ${lag.p50.toFixed(0)} ms, p99 ${lag.p99.toFixed(0)} ms, max ${lag.max.toFixed(0)} ms; the log caught up ${drained.toFixed(0)} ms after the ingest`);
  log(`  commit → integrated p50 ${integrated.p50.toFixed(0)} ms, p99 ${integrated.p99.toFixed(0)} ms; integrated → signed p50 ${signed.p50.toFixed(0)} ms, p99 ${signed.p99.toFixed(0)} ms; between checkpoints p50 ${interval.p50.toFixed(0)} ms, max ${interval.max.toFixed(0)} ms`);
  bench.rows.push({ metric: '7. checkpoint lag during ingest (call answered → signed), p50', measured: `${fmt(lag.p50)} ms`, baseline: `${fmt(lagBound)} ms`, ratio: '', target: '', verdict: 'info' });
  bench.rows.push({ metric: '   checkpoint lag p99 (baseline: integrate + checkpoint interval)', measured: `${fmt(lag.p99)} ms`, baseline: `${fmt(lagBound)} ms`, ratio: pct(lag.p99 / lagBound), target: '≤ 2,000 ms', verdict: lag.p99 <= 2000 ? 'PASS' : 'MISS' });
  bench.rows.push({ metric: '   p99: commit → integrated / integrated → signed', measured: `${fmt(integrated.p99)} / ${fmt(signed.p99)} ms`, baseline: '', ratio: '', target: '', verdict: 'info' });
  bench.results.checkpointLag = { ...lag, integrated, signed, betweenCheckpoints: interval, boundMs: lagBound, caughtUpAfterIngestMs: drained };
}

/** 7b. Entry proofs over HTTP, then checked offline by the verifier's own code. */
export async function entryProofs(bench: Bench): Promise<void> {
  await waitForCheckpoint(bench.sql);
  const rested = await atRest(bench);
  log(`phase 7b: entryProof over HTTP and offline verification, after ${(rested / 1000).toFixed(0)} s bringing the ledger to rest (vacuum, analyze, checkpoint; load ${machineLoad()})`);
  const proofs = await benchEntryProofs(bench.sql, bench.server.url, bench.regulator, 1000);
  bench.rows.push(...proofs.rows);
  const assembly = await benchProofAssembly(bench.databaseUrl, proofs.picks);
  bench.rows.push(...assembly.rows);
  const offline = await benchOfflineVerification(proofs.proofs, proofs.root);
  bench.rows.push(...offline.rows);
  bench.results.logProofs = { ...proofs.result, offline: offline.result, inProcess: assembly.result, restWaitMs: rested };
  log(`phase 7b done: ${proofs.rows[1].measured} p99 entryProof; offline ${offline.rows[0].measured} proofs/s vs raw ${offline.rows[0].baseline}`);
}

/**
 * The proofs are timed on the ledger at rest, as a server is most of its life: after phase 1's
 * ingest, autovacuum and analyze pass over its million rows and the checkpointer writes out what
 * it dirtied, for minutes, on the same two cores (a proof timed then waits on them, and a lone
 * check for an autovacuum worker found none that had yet started). So the bench does that work
 * itself and first: VACUUM (ANALYZE) of the tables a proof reads, a CHECKPOINT, then waits (at most
 * 15 minutes) until no autovacuum worker runs; returns how long it all took.
 */
async function atRest(bench: Bench): Promise<number> {
  const started = performance.now();
  await bench.sql.query('vacuum (analyze) ledger_entry, log_leaf, log_tile, log_checkpoint, regulator_read_log');
  await bench.sql.query('checkpoint');
  while (performance.now() - started < 15 * 60_000) {
    const { rows } = await bench.sql.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return performance.now() - started;
}

/** 7c and 7d, last: they stop the bench's server and start servers of their own. */
export async function integratorCapacity(bench: Bench, ingest: Ingest): Promise<void> {
  const { options } = bench;
  // 7c. The integrator alone, the server stopped: its capacity against the ingest's rate.
  await bench.server.stop();
  log(`phase 7c: the integrator alone over the whole ledger (load ${machineLoad()})`);
  const integrator = await benchIntegrator(bench.sql, bench.databaseUrl, ingest.rate);
  bench.rows.push(...integrator.rows);
  bench.results.integrator = integrator.result;
  log(`phase 7c done: ${integrator.rows[0].measured} entries/s`);
  // 7d. Ingest with and without the integrator, servers of their own (the main one is stopped).
  log(`phase 7d: ingest with and without the integrator, alternating rounds (load ${machineLoad()})`);
  const withIntegrator = await benchIngestWithIntegrator({
    databaseUrl: bench.databaseUrl,
    jwtSecret: bench.jwtSecret,
    sql: bench.sql,
    enterprises: bench.enterprises,
    tokens: bench.tokens,
    clients: options.concurrency,
    callsPerClient: options.size === 'full' ? 10 : 3,
    rounds: options.size === 'full' ? 3 : 2,
    log: (message) => log(`${message} (load ${machineLoad()})`),
  });
  bench.rows.push(...withIntegrator.rows);
  bench.results.ingestWithIntegrator = withIntegrator.result;
  log(`phase 7d done: ${withIntegrator.rows[0].measured} entries/s with, ${withIntegrator.rows[0].baseline} without`);
}
