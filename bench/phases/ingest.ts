/**
 * The write phases: 1, the batched ingest every later phase reads (and its raw INSERT baseline);
 * 2, single-entry calls; G, group commit on vs off; S, receipt by scan.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LEDGER_COPY, rawBatchedInsert, rawSingleInserts } from '../baseline';
import { RECORD, Recorded, runIngest } from '../batched-ingest';
import { addCpu, CpuReading, describeCpu, noCpu, readCpu } from '../cpu-split';
import { benchGroupCommit } from '../group-commit';
import { benchScan } from '../scan';
import { fmt, pct, summarize } from '../stats';
import { MovementVars, singleEntry, Workload } from '../workload';
import { Bench, log, logWithLoad, machineLoad } from './context';

/** What phase 1 leaves for the phases after it. */
export interface Ingest {
  workload: Workload;
  entries: number;
  seconds: number;
  rate: number;
  /** Where the ingest's CPU went: the server, PostgreSQL, the bench's clients, the machine. */
  cpu: CpuReading;
  /** ledger_entry ids bounding the ingest (the baselines copy those rows). */
  beforeId: string;
  afterId: string;
  /** Each call's last entry and when its answer came: the log's lag is measured from there. */
  committed: { hash: string; at: number }[];
}

const maxId = async (bench: Bench, fallback: string) => (await bench.sql.query<{ id: string }>(`select coalesce(max(id), ${fallback})::text as id from ledger_entry`)).rows[0].id;
const progressEvery = (bench: Bench) => (bench.options.size === 'full' ? 50_000 : 10_000);

/** Phase 1's ingest, which always runs: the ledger of every later phase. */
export async function ingestLedger(bench: Bench): Promise<Ingest> {
  const { options } = bench;
  const workload = new Workload(bench.enterprises, options.entries, options.batch, options.rounds);
  const beforeId = await maxId(bench, '0');
  log(`phase 1: batched ingest, ${workload.tasks} calls in ${workload.rounds} rounds of ${workload.perRound} (load ${machineLoad()})`);
  const every = progressEvery(bench);
  let reported = 0;
  const cpuBefore = readCpu(bench.server.pid);
  const run = await runIngest(bench.api, bench.tokens, workload, options.concurrency, (ingested, seconds) => {
    if (ingested - reported < every) return;
    reported = ingested - (ingested % every);
    log(`  ${fmt(ingested)} entries, ${fmt(ingested / seconds)} entries/s (load ${machineLoad()})`);
  });
  const cpu = noCpu();
  addCpu(cpu, cpuBefore, readCpu(bench.server.pid));
  const afterId = await maxId(bench, 'null');
  const rate = run.entries / run.seconds;
  const calls = summarize(run.callMs);
  log(`phase 1 done: ${fmt(run.entries)} entries in ${run.seconds.toFixed(1)} s = ${fmt(rate)} entries/s; call p50 ${calls.p50.toFixed(0)} ms, p99 ${calls.p99.toFixed(0)} ms`);
  const counts = (await bench.sql.query<Record<string, string>>(
    `select (select count(*) from ledger_entry) as entries, (select count(*) from ledger_shipment) as shipments,
            (select count(*) from ledger_shipment where in_transit > 0) as open_shipments,
            (select count(*) from ledger_entry where source_hash is not null) as receipts,
            (select count(*) from ledger_production_input) as production_inputs, (select count(*) from ledger_balance) as balances,
            (select count(*) from alert) as alerts, (select count(distinct chain) from ledger_entry) as chains`,
  )).rows[0];
  log(`ledger: ${Object.entries(counts).map(([k, v]) => `${k} ${fmt(Number(v))}`).join(', ')}`);
  bench.results.ledger = counts;
  bench.results.ingest = { entries: run.entries, seconds: run.seconds, rate, callP50Ms: calls.p50, callP99Ms: calls.p99 };
  return { workload, entries: run.entries, seconds: run.seconds, rate, cpu, beforeId, afterId, committed: run.committed };
}

/** 1. The same rows as one raw multi-row INSERT a batch, at the same concurrency. */
export async function ingestBaseline(bench: Bench, ingest: Ingest): Promise<void> {
  const { options } = bench;
  log(`phase 1 baseline: raw multi-row INSERT of the same ${fmt(ingest.entries)} rows, ${options.batch} a statement, ${options.concurrency} clients`);
  const every = progressEvery(bench);
  let reported = 0;
  // The CPU of the timed INSERTs only, as the rates are: each baseline's next to the ingest's.
  const timedCpu = (into: CpuReading) => {
    let before = noCpu();
    return { start: () => (before = readCpu(bench.server.pid)), end: () => addCpu(into, before, readCpu(bench.server.pid)) };
  };
  const rawCpu = noCpu();
  const raw = await rawBatchedInsert(
    bench.databaseUrl,
    ingest.beforeId,
    ingest.afterId,
    options.batch,
    options.concurrency,
    (done) => {
      if (done - reported >= every * 2) {
        reported = done;
        log(`  ${fmt(done)} rows`);
      }
    },
    undefined,
    timedCpu(rawCpu),
  );
  const rawRate = raw.rows / raw.seconds;
  log(`phase 1 baseline done: ${fmt(raw.rows)} rows in ${raw.seconds.toFixed(1)} s = ${fmt(rawRate)} rows/s`);
  const copyCpu = noCpu();
  const copy = await rawBatchedInsert(bench.databaseUrl, ingest.beforeId, ingest.afterId, options.batch, options.concurrency, () => undefined, LEDGER_COPY, timedCpu(copyCpu));
  const copyRate = copy.rows / copy.seconds;
  log(`phase 1 second baseline, the same rows into a copy of ledger_entry: ${fmt(copy.rows)} rows in ${copy.seconds.toFixed(1)} s = ${fmt(copyRate)} rows/s`);
  bench.rows.push(
    {
      metric: `1. batched ingest (${options.batch}/call, ${options.concurrency} clients), entries/s (baseline: a plain table)`,
      measured: fmt(ingest.rate),
      baseline: fmt(rawRate),
      ratio: pct(ingest.rate / rawRate),
      target: '≥ 50 %',
      verdict: ingest.rate / rawRate >= 0.5 ? 'PASS' : 'MISS',
    },
    {
      metric: `   (baseline: a copy of ledger_entry, its indexes, checks and foreign keys)`,
      measured: fmt(ingest.rate),
      baseline: fmt(copyRate),
      ratio: pct(ingest.rate / copyRate),
      target: '',
      verdict: 'info',
    },
    ...([
      ['batched ingest', ingest.cpu, ingest.entries],
      ['raw INSERTs, a plain table', rawCpu, raw.rows],
      ['raw INSERTs, the ledger_entry copy', copyCpu, copy.rows],
    ] as const).map(([what, cpu, entries]) => ({ metric: `   CPU: ${what}`, measured: describeCpu(cpu, entries, 'an entry'), baseline: '', ratio: '', target: '', verdict: 'info' as const })),
  );
  bench.results.ingest = { ...(bench.results.ingest as object), baseline: { ...raw, rate: rawRate }, ledgerCopyBaseline: { ...copy, rate: copyRate } };
}

/** 2. Single-entry submissions, one chain per client, against raw single-row INSERTs; the number of calls. */
export async function singleEntries(bench: Bench, ingest: Ingest): Promise<number> {
  const { options } = bench;
  const singles = options.singleClients * options.singleCalls;
  log(`phase 2: ${fmt(singles)} single-entry calls from ${options.singleClients} concurrent clients on distinct chains (load ${machineLoad()})`);
  const singleMs: number[] = [];
  const singleStart = performance.now();
  await Promise.all(
    bench.enterprises.slice(0, options.singleClients).map(async (enterprise, client) => {
      const token = bench.tokens.get(enterprise.code)!;
      for (let k = 0; k < options.singleCalls; k++) {
        const entry: MovementVars = singleEntry(enterprise, client, k);
        const t = performance.now();
        await bench.api.request<Recorded>(token, RECORD, { input: { requestId: `single-${client}-${k}-${crypto.randomUUID()}`, entries: [entry] } });
        singleMs.push(performance.now() - t);
      }
    }),
  );
  const singleSeconds = (performance.now() - singleStart) / 1000;
  const singleRate = singles / singleSeconds;
  const single = summarize(singleMs);
  const afterSingles = await maxId(bench, 'null');
  log(`phase 2 done: ${fmt(singleRate)} entries/s, p50 ${single.p50.toFixed(1)} ms, p99 ${single.p99.toFixed(1)} ms`);
  const rawSingle = await rawSingleInserts(bench.databaseUrl, ingest.afterId, afterSingles);
  const rawSingleRate = rawSingle.rows / rawSingle.seconds;
  const rawSingleLatency = summarize(rawSingle.latenciesMs);
  log(`phase 2 baseline done: ${fmt(rawSingleRate)} rows/s, p50 ${rawSingleLatency.p50.toFixed(2)} ms, p99 ${rawSingleLatency.p99.toFixed(2)} ms`);
  bench.rows.push({
    metric: `2. single-entry calls (${options.singleClients} clients), entries/s`,
    measured: fmt(singleRate),
    baseline: fmt(rawSingleRate),
    ratio: pct(singleRate / rawSingleRate),
    target: '≥ 40 %',
    verdict: singleRate / rawSingleRate >= 0.4 ? 'PASS' : 'MISS',
  });
  bench.rows.push({ metric: '   latency p50', measured: `${single.p50.toFixed(1)} ms`, baseline: `${rawSingleLatency.p50.toFixed(2)} ms`, ratio: '', target: '', verdict: 'info' });
  bench.rows.push({ metric: '   latency p99', measured: `${single.p99.toFixed(1)} ms`, baseline: `${rawSingleLatency.p99.toFixed(2)} ms`, ratio: '', target: '', verdict: 'info' });
  bench.results.single = { calls: singles, seconds: singleSeconds, rate: singleRate, latency: single, baseline: { rows: rawSingle.rows, seconds: rawSingle.seconds, rate: rawSingleRate, latency: rawSingleLatency } };
  return singles;
}

/** G. Group commit on vs off, single-entry calls at 32 clients and at one (issue 12). */
export async function groupCommit(bench: Bench): Promise<void> {
  const { options } = bench;
  log(`phase G: single-entry calls, group commit on vs off, ${options.singleClients} clients and 1, alternating rounds (load ${machineLoad()})`);
  const group = await benchGroupCommit({
    databaseUrl: bench.databaseUrl,
    jwtSecret: bench.jwtSecret,
    sql: bench.sql,
    enterprises: bench.enterprises,
    tokens: bench.tokens,
    clients: options.singleClients,
    calls: Math.max(10, Math.min(options.singleCalls, 40)),
    rounds: Number(process.env.BENCH_G_ROUNDS) || (options.size === 'full' ? 4 : 2),
    log: logWithLoad,
  });
  bench.rows.push(...group.rows);
  bench.results.groupCommit = group.result;
}

/** S. Receipt by scan next to the same receipt typed into recordMovements, and label sheets (issue 15). */
export async function receiptByScan(bench: Bench): Promise<void> {
  const { options } = bench;
  log(`phase S: receipt by scan vs typed receipt, ${options.singleClients} clients × ${options.singleCalls} each; label sheets (load ${machineLoad()})`);
  const scan = await benchScan(bench.sql, bench.api, bench.server.url, bench.enterprises, bench.tokens, options.singleClients, options.singleCalls);
  bench.rows.push(...scan.rows);
  bench.results.scan = scan.result;
  log(`phase S done: ${scan.rows[0].measured} scans/s vs ${scan.rows[0].baseline} typed, p99 ${scan.rows[1].measured} vs ${scan.rows[1].baseline}; ${scan.rows[2].measured} sheets/s`);
}
