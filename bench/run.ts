/**
 * The ledger benchmark (issue 3): `npm run bench -- --size smoke|full`
 * (or --entries N --enterprises M). Builds a scratch database, a registry and
 * a ledger through the GraphQL API of a server running in a child process,
 * and prints each figure next to a baseline measured in the same run on the
 * same database. Figures, not a test: it fails only when the ledger refuses a
 * valid call or a chain does not verify. docs/performance.md keeps the results.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { mintToken } from '../src/access/tokens';
import { benchAuthentication } from './auth';
import { Role } from '../src/access/viewer';
import { createPlainTables, rawBatchedInsert, rawSha256, rawSingleInserts } from './baseline';
import { closeClients, GraphQLClient } from './client';
import { benchEpcisQuery } from './epcis';
import { benchFeeds } from './feeds';
import { benchHostile } from './hostile';
import { benchScaleOut } from './scaleout';
import { benchScan } from './scan';
import { bulkLedger } from './bulk-ledger';
import { benchGroupCommit } from './group-commit';
import { benchEntryProofs, benchOfflineVerification, checkpointLag, waitForCheckpoint } from './log';
import { benchIntegrator } from './log-integrator';
import { benchIngestWithIntegrator } from './log-ingest';
import { benchProofAssembly } from './log-proofs';
import { benchReads } from './reads';
import { connect, createBenchDatabase, seedRegistry } from './setup';
import { BenchServer, buildServer, LOG_CHECKPOINT_SECONDS, LOG_INTEGRATE_MS, startServer } from './server';
import { fmt, pct, Row, summarize, table } from './stats';
import { MovementVars, singleEntry, Workload } from './workload';
import { EnforcementLevel } from '../src/registry/registry.enums';

interface Options {
  size: string;
  entries: number;
  enterprises: number;
  rounds: number;
  batch: number;
  concurrency: number;
  singleClients: number;
  singleCalls: number;
  traces: number;
  verifyChains: number;
  keep: boolean;
  out: string | null;
  /** Entries written straight into the tables before phase 1 (bench/bulk-ledger.ts): the log's figures at a size the API would take hours to reach. */
  bulk: number;
  /** The phases to run (`--phases R,3`), all when absent; the ingest of phase 1 always runs, as every other phase reads its ledger. */
  phases: Set<string> | null;
}

const SIZES: Record<string, Omit<Options, 'size' | 'keep' | 'out' | 'phases' | 'bulk'>> = {
  smoke: { entries: 36_000, enterprises: 60, rounds: 12, batch: 1000, concurrency: 8, singleClients: 32, singleCalls: 10, traces: 40, verifyChains: 10 },
  full: { entries: 1_000_000, enterprises: 1000, rounds: 20, batch: 1000, concurrency: 8, singleClients: 32, singleCalls: 150, traces: 300, verifyChains: 100 },
};

function parseOptions(argv: string[]): Options {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`bench: unexpected argument ${a}`);
    const [name, inline] = a.slice(2).split('=', 2);
    if (name === 'keep') args.set(name, 'true');
    else args.set(name, inline ?? argv[++i]);
  }
  const size = args.get('size') ?? 'smoke';
  const base = SIZES[size];
  if (!base) throw new Error(`bench: --size is smoke or full, not ${size}`);
  const num = (name: string, fallback: number) => {
    const raw = args.get(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`bench: --${name} must be a positive integer`);
    return n;
  };
  const options: Options = {
    size: args.has('entries') || args.has('enterprises') ? 'custom' : size,
    entries: num('entries', base.entries),
    enterprises: num('enterprises', base.enterprises),
    rounds: num('rounds', base.rounds),
    batch: num('batch', base.batch),
    concurrency: num('concurrency', base.concurrency),
    singleClients: num('singleClients', base.singleClients),
    singleCalls: num('singleCalls', base.singleCalls),
    traces: num('traces', base.traces),
    verifyChains: num('verifyChains', base.verifyChains),
    keep: args.has('keep'),
    out: args.get('out') ?? null,
    bulk: args.has('bulk') ? num('bulk', 0) : 0,
    phases: args.has('phases') ? new Set(args.get('phases')!.split(',').map((p) => p.trim().toUpperCase())) : null,
  };
  if (options.singleClients > options.enterprises) throw new Error('bench: more single-entry clients than enterprises');
  return options;
}

/** The issue's read comparison ran at 16 connections. */
const READ_CLIENTS = 16;

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed entries { seq hash } } }`;
const TRACE = `query Trace($product: String!, $batch: String!) {
  traceBatch(product: $product, batch: $batch, direction: UPSTREAM, maxDepth: 10) {
    truncated queries
    nodes { id depth quantity inTransit enterpriseCode warehouseCode productCode batch }
    edges { kind from to quantity outHash inHash productionHash }
  }
}`;
const VERIFY = `query Verify($code: CreditCode!, $cross: Boolean!) { verifyChain(creditCode: $code, crossCheck: $cross) { ok checked headSeq failure { seq reason message } disagreements { kind seq message } } }`;

interface Recorded {
  recordMovements: { replayed: boolean; entries: { seq: number; hash: string }[] };
}

function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const runs = (phase: string) => options.phases === null || options.phases.has(phase);
  const started = performance.now();
  const machine = {
    date: new Date().toISOString(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    loadAtStart: load(),
  };
  log(`bench ${options.size}: ${fmt(options.entries)} entries, ${fmt(options.enterprises)} enterprises, ${options.rounds} rounds, ${options.batch} a call, ${options.concurrency} clients`);
  log(`machine: ${machine.cpus}, ${machine.memory}, node ${machine.node}, load ${machine.loadAtStart}`);

  const db = await createBenchDatabase();
  log(`scratch database ${db.name} migrated`);
  const sql = await connect(db.url);
  let server: BenchServer | undefined;
  const rows: Row[] = [];
  const results: Record<string, unknown> = { options, machine };
  try {
    const pgVersion = (await sql.query<{ server_version: string }>('show server_version')).rows[0].server_version;
    (machine as Record<string, string>).postgres = pgVersion;
    const enterprises = await seedRegistry(sql, options.enterprises);
    await createPlainTables(sql);
    log(`registry: ${enterprises.length} enterprises, ${enterprises.length * 3} warehouses, ${enterprises.length * 3} products, licences (PostgreSQL ${pgVersion})`);
    if (options.bulk > 0) {
      // Not measured: a large ledger underneath, integrated by the server's integrator before phase 1 starts.
      log(`bulk: ${fmt(options.bulk)} entries written in SQL (bench/bulk-ledger.ts)`);
      const bulkStart = performance.now();
      await bulkLedger(sql, enterprises, options.bulk, (done) => {
        if (done % 100_000 < 5_000) log(`  ${fmt(done)} entries, ${fmt(done / ((performance.now() - bulkStart) / 1000))}/s (load ${load()})`);
      });
      results.bulk = { entries: options.bulk, seconds: (performance.now() - bulkStart) / 1000 };
    }

    if (process.env.BENCH_LOG_SLOW_MS) await sql.query(`alter database "${db.name}" set log_min_duration_statement = ${Number(process.env.BENCH_LOG_SLOW_MS)}`);
    const jwtSecret = crypto.randomBytes(32).toString('base64url');
    buildServer();
    server = await startServer(db.url, jwtSecret);
    const api = new GraphQLClient(server.url);
    log(`server pid ${server.pid} at ${server.url}, node ${server.nodeOptions.join(' ')}`);
    if (options.bulk > 0) {
      const integrated = await waitForCheckpoint(sql, 3_600_000);
      log(`bulk: the server's integrator logged and signed the ${fmt(options.bulk)} entries in ${(integrated / 1000).toFixed(1)} s = ${fmt(options.bulk / (integrated / 1000))}/s`);
      (results.bulk as Record<string, unknown>).integratedSeconds = integrated / 1000;
    }
    const tokens = new Map<string, string>();
    for (const e of enterprises) {
      tokens.set(e.code, await mintToken(jwtSecret, { role: Role.ENTERPRISE, subject: `bench-${e.code}`, enterprise: e.code, expiresInSeconds: 86_400 }));
    }
    const regulator = await mintToken(jwtSecret, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'bench-regulator', expiresInSeconds: 86_400 });

    // 1. Batched ingest through recordMovements.
    const workload = new Workload(enterprises, options.entries, options.batch, options.rounds);
    const { rows: [{ id: beforeIngest }] } = await sql.query<{ id: string }>('select coalesce(max(id), 0)::text as id from ledger_entry');
    log(`phase 1: batched ingest, ${workload.tasks} calls in ${workload.rounds} rounds of ${workload.perRound} (load ${load()})`);
    const gate = Array.from({ length: workload.tasks }, () => {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      return { promise, open };
    });
    let next = 0;
    let ingested = 0;
    let failure: Error | null = null;
    const every = options.size === 'full' ? 50_000 : 10_000;
    let reported = 0;
    const callMs: number[] = [];
    /** Each call's last entry and when its answer came: the log's lag is measured from there. */
    const committed: { hash: string; at: number }[] = [];
    const ingestStart = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < workload.tasks && !failure) {
          const task = next++;
          await Promise.all(workload.dependencies(task).map((d) => gate[d].promise));
          if (failure) break;
          try {
            const call = workload.build(task);
            const t = performance.now();
            const result = await api.request<Recorded>(tokens.get(call.enterprise.code)!, RECORD, { input: { requestId: call.requestId, entries: call.entries } });
            callMs.push(performance.now() - t);
            if (result.recordMovements.replayed || result.recordMovements.entries.length !== call.entries.length) throw new Error(`bench: call ${task} was not appended as sent`);
            workload.completed(call, result.recordMovements.entries.map((e) => e.hash));
            committed.push({ hash: result.recordMovements.entries[result.recordMovements.entries.length - 1].hash, at: Date.now() });
            ingested += call.entries.length;
            if (ingested - reported >= every) {
              reported = ingested - (ingested % every);
              const s = (performance.now() - ingestStart) / 1000;
              log(`  ${fmt(ingested)} entries, ${fmt(ingested / s)} entries/s (load ${load()})`);
            }
          } catch (error) {
            failure ??= error as Error;
            gate.forEach((g) => g.open());
          } finally {
            gate[task].open();
          }
        }
      }),
    );
    if (failure) throw failure;
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    const { rows: [{ id: afterIngest }] } = await sql.query<{ id: string }>('select max(id)::text as id from ledger_entry');
    const ingestRate = ingested / ingestSeconds;
    const calls = summarize(callMs);
    log(`phase 1 done: ${fmt(ingested)} entries in ${ingestSeconds.toFixed(1)} s = ${fmt(ingestRate)} entries/s; call p50 ${calls.p50.toFixed(0)} ms, p99 ${calls.p99.toFixed(0)} ms`);
    const counts = (await sql.query<Record<string, string>>(
      `select (select count(*) from ledger_entry) as entries, (select count(*) from ledger_shipment) as shipments,
              (select count(*) from ledger_shipment where in_transit > 0) as open_shipments,
              (select count(*) from ledger_entry where source_hash is not null) as receipts,
              (select count(*) from ledger_production_input) as production_inputs, (select count(*) from ledger_balance) as balances,
              (select count(*) from alert) as alerts, (select count(distinct chain) from ledger_entry) as chains`,
    )).rows[0];
    log(`ledger: ${Object.entries(counts).map(([k, v]) => `${k} ${fmt(Number(v))}`).join(', ')}`);
    results.ledger = counts;

    if (runs('1')) {
      log(`phase 1 baseline: raw multi-row INSERT of the same ${fmt(ingested)} rows, ${options.batch} a statement, ${options.concurrency} clients`);
      let baseReported = 0;
      const raw = await rawBatchedInsert(db.url, beforeIngest, afterIngest, options.batch, options.concurrency, (done) => {
        if (done - baseReported >= every * 2) {
          baseReported = done;
          log(`  ${fmt(done)} rows`);
        }
      });
      const rawRate = raw.rows / raw.seconds;
      log(`phase 1 baseline done: ${fmt(raw.rows)} rows in ${raw.seconds.toFixed(1)} s = ${fmt(rawRate)} rows/s`);
      rows.push({
        metric: `1. batched ingest (${options.batch}/call, ${options.concurrency} clients), entries/s`,
        measured: fmt(ingestRate),
        baseline: fmt(rawRate),
        ratio: pct(ingestRate / rawRate),
        target: '≥ 50 %',
        verdict: ingestRate / rawRate >= 0.5 ? 'PASS' : 'MISS',
      });
      results.ingest = { entries: ingested, seconds: ingestSeconds, rate: ingestRate, callP50Ms: calls.p50, callP99Ms: calls.p99, baseline: { ...raw, rate: rawRate } };
    }

    if (runs('7')) {
      // 7a. How long a committed entry of phase 1 waited to be in a signed checkpoint.
      const drained = await waitForCheckpoint(sql);
      const lag = await checkpointLag(sql, committed);
      const lagBound = LOG_INTEGRATE_MS + LOG_CHECKPOINT_SECONDS * 1000;
      log(`phase 7a: checkpoint lag of ${fmt(lag.n)} calls p50 ${lag.p50.toFixed(0)} ms, p99 ${lag.p99.toFixed(0)} ms, max ${lag.max.toFixed(0)} ms; the log caught up ${drained.toFixed(0)} ms after the ingest`);
      rows.push({ metric: '7. checkpoint lag during ingest (call answered → signed), p50', measured: `${fmt(lag.p50)} ms`, baseline: `${fmt(lagBound)} ms`, ratio: '', target: '', verdict: 'info' });
      rows.push({ metric: '   checkpoint lag p99 (baseline: integrate + checkpoint interval)', measured: `${fmt(lag.p99)} ms`, baseline: `${fmt(lagBound)} ms`, ratio: pct(lag.p99 / lagBound), target: '≤ 2,000 ms', verdict: lag.p99 <= 2000 ? 'PASS' : 'MISS' });
      results.checkpointLag = { ...lag, boundMs: lagBound, caughtUpAfterIngestMs: drained };
    }

    const singles = runs('2') ? options.singleClients * options.singleCalls : 0;
    if (runs('2')) {
      // 2. Single-entry submissions, one chain per client.
      log(`phase 2: ${fmt(singles)} single-entry calls from ${options.singleClients} concurrent clients on distinct chains (load ${load()})`);
      const singleMs: number[] = [];
      const singleStart = performance.now();
      await Promise.all(
        enterprises.slice(0, options.singleClients).map(async (enterprise, client) => {
          const token = tokens.get(enterprise.code)!;
          for (let k = 0; k < options.singleCalls; k++) {
            const entry: MovementVars = singleEntry(enterprise, client, k);
            const t = performance.now();
            await api.request<Recorded>(token, RECORD, { input: { requestId: `single-${client}-${k}-${crypto.randomUUID()}`, entries: [entry] } });
            singleMs.push(performance.now() - t);
          }
        }),
      );
      const singleSeconds = (performance.now() - singleStart) / 1000;
      const singleRate = singles / singleSeconds;
      const single = summarize(singleMs);
      const { rows: [{ id: afterSingles }] } = await sql.query<{ id: string }>('select max(id)::text as id from ledger_entry');
      log(`phase 2 done: ${fmt(singleRate)} entries/s, p50 ${single.p50.toFixed(1)} ms, p99 ${single.p99.toFixed(1)} ms`);
      const rawSingle = await rawSingleInserts(db.url, afterIngest, afterSingles);
      const rawSingleRate = rawSingle.rows / rawSingle.seconds;
      const rawSingleLatency = summarize(rawSingle.latenciesMs);
      log(`phase 2 baseline done: ${fmt(rawSingleRate)} rows/s, p50 ${rawSingleLatency.p50.toFixed(2)} ms, p99 ${rawSingleLatency.p99.toFixed(2)} ms`);
      rows.push({
        metric: `2. single-entry calls (${options.singleClients} clients), entries/s`,
        measured: fmt(singleRate),
        baseline: fmt(rawSingleRate),
        ratio: pct(singleRate / rawSingleRate),
        target: '≥ 40 %',
        verdict: singleRate / rawSingleRate >= 0.4 ? 'PASS' : 'MISS',
      });
      rows.push({ metric: '   latency p50', measured: `${single.p50.toFixed(1)} ms`, baseline: `${rawSingleLatency.p50.toFixed(2)} ms`, ratio: '', target: '', verdict: 'info' });
      rows.push({ metric: '   latency p99', measured: `${single.p99.toFixed(1)} ms`, baseline: `${rawSingleLatency.p99.toFixed(2)} ms`, ratio: '', target: '', verdict: 'info' });
      results.single = { calls: singles, seconds: singleSeconds, rate: singleRate, latency: single, baseline: { rows: rawSingle.rows, seconds: rawSingle.seconds, rate: rawSingleRate, latency: rawSingleLatency } };
    }

    if (runs('G')) {
      // G. Group commit on vs off, single-entry calls at 32 clients and at one (issue 12).
      if (options.enterprises < options.singleClients + 2) throw new Error('bench: phase G needs two enterprises more than --single-clients');
      log(`phase G: single-entry calls, group commit on vs off, ${options.singleClients} clients and 1, alternating rounds (load ${load()})`);
      const group = await benchGroupCommit({
        databaseUrl: db.url,
        jwtSecret,
        sql,
        enterprises,
        tokens,
        clients: options.singleClients,
        calls: Math.max(10, Math.min(options.singleCalls, 40)),
        rounds: options.size === 'full' ? 4 : 2,
        log: (message) => log(`  ${message} (load ${load()})`),
      });
      rows.push(...group.rows);
      results.groupCommit = group.result;
    }

    if (runs('S')) {
      // S. Receipt by scan next to the same receipt typed into recordMovements, and label sheets (issue 15).
      log(`phase S: receipt by scan vs typed receipt, ${options.singleClients} clients × ${options.singleCalls} each; label sheets (load ${load()})`);
      const scan = await benchScan(sql, api, server.url, enterprises, tokens, options.singleClients, options.singleCalls);
      rows.push(...scan.rows);
      results.scan = scan.result;
      log(`phase S done: ${scan.rows[0].measured} scans/s vs ${scan.rows[0].baseline} typed, p99 ${scan.rows[1].measured} vs ${scan.rows[1].baseline}; ${scan.rows[2].measured} sheets/s`);
    }

    if (runs('3')) {
      // 3. traceBatch, 10 transformations upstream.
      const targets = workload.traceTargets;
      if (targets.length === 0) throw new Error('bench: no batch has 10 transformations upstream; use more rounds');
      const picks = Array.from({ length: options.traces }, (_, i) => targets[Math.floor((i * targets.length) / options.traces)]);
      log(`phase 3: ${picks.length} traceBatch UPSTREAM maxDepth 10, one client, of ${fmt(targets.length)} eligible batches (load ${load()})`);
      type Trace = { traceBatch: { truncated: boolean; queries: number; nodes: { depth: number }[]; edges: unknown[] } };
      for (const t of picks.slice(0, 5)) await api.request<Trace>(regulator, TRACE, { product: t.product, batch: t.batch });
      const traceMs: number[] = [];
      let nodes = 0;
      let edges = 0;
      let deep = 0;
      let truncated = 0;
      let queries = 0;
      for (const t of picks) {
        const s = performance.now();
        const { traceBatch } = await api.request<Trace>(regulator, TRACE, { product: t.product, batch: t.batch });
        traceMs.push(performance.now() - s);
        nodes += traceBatch.nodes.length;
        edges += traceBatch.edges.length;
        queries += traceBatch.queries;
        if (traceBatch.truncated) truncated++;
        if (Math.max(...traceBatch.nodes.map((n) => n.depth)) === 10) deep++;
      }
      const trace = summarize(traceMs);
      log(`phase 3 done: p50 ${trace.p50.toFixed(1)} ms, p99 ${trace.p99.toFixed(1)} ms; ${deep}/${picks.length} reach depth 10; mean ${(nodes / picks.length).toFixed(0)} nodes, ${(edges / picks.length).toFixed(0)} edges, ${(queries / picks.length).toFixed(0)} queries`);
      rows.push({ metric: `3. traceBatch UPSTREAM 10 hops, p50`, measured: `${trace.p50.toFixed(1)} ms`, baseline: '', ratio: '', target: '', verdict: 'info' });
      rows.push({ metric: `   traceBatch p99`, measured: `${trace.p99.toFixed(1)} ms`, baseline: '', ratio: '', target: '≤ 20 ms', verdict: trace.p99 <= 20 ? 'PASS' : 'MISS' });
      // Which calls were slow (call number, ms): the first on each pooled connection, or scattered.
      const slowest = traceMs
        .map((ms, call) => ({ call, ms: Math.round(ms * 10) / 10, product: picks[call].product, batch: picks[call].batch }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 8);
      results.trace = { ...trace, deep, truncated, meanNodes: nodes / picks.length, meanEdges: edges / picks.length, meanQueries: queries / picks.length, slowest };
    }

    if (runs('4')) {
      // 4. verifyChain on the server vs SHA-256 of the same canonical strings.
      const chains = enterprises.slice(0, Math.min(options.verifyChains, enterprises.length - 1)).map((e) => e.code);
      log(`phase 4: verifyChain of ${chains.length} chains, one client (load ${load()})`);
      type Verified = { verifyChain: { ok: boolean; checked: number; failure: { seq: number; reason: string; message: string } | null; disagreements: unknown[] } };
      // The chain as the spec says (crossCheck false, the figure of earlier runs), then with the cross-checks of issue #11.
      const verifyAll = async (cross: boolean) => {
        await api.request<Verified>(regulator, VERIFY, { code: enterprises[enterprises.length - 1].code, cross });
        let entries = 0;
        const start = performance.now();
        for (const code of chains) {
          const { verifyChain } = await api.request<Verified>(regulator, VERIFY, { code, cross });
          if (!verifyChain.ok) throw new Error(`bench: chain ${code} does not verify: ${JSON.stringify(verifyChain)}`);
          entries += verifyChain.checked;
        }
        return { entries, seconds: (performance.now() - start) / 1000 };
      };
      const { entries: verified, seconds: verifySeconds } = await verifyAll(false);
      const verifyRate = verified / verifySeconds;
      const crossChecked = await verifyAll(true);
      const crossRate = crossChecked.entries / crossChecked.seconds;
      const sha = await rawSha256(db.url, chains);
      const shaRate = sha.entries / sha.seconds;
      log(`phase 4 done: ${fmt(verified)} entries in ${verifySeconds.toFixed(2)} s = ${fmt(verifyRate)} entries/s (${fmt(crossRate)}/s with the cross-checks); raw SHA-256 ${fmt(shaRate)}/s`);
      rows.push({
        metric: '4. verifyChain, entries/s',
        measured: fmt(verifyRate),
        baseline: fmt(shaRate),
        ratio: pct(verifyRate / shaRate),
        target: '≥ 25 %',
        verdict: verifyRate / shaRate >= 0.25 ? 'PASS' : 'MISS',
      });
      rows.push({ metric: '   verifyChain with the cross-checks (crossCheck: true)', measured: fmt(crossRate), baseline: fmt(shaRate), ratio: pct(crossRate / shaRate), target: '', verdict: 'info' });
      results.verify = { entries: verified, seconds: verifySeconds, rate: verifyRate, crossChecked: { ...crossChecked, rate: crossRate }, baseline: { ...sha, rate: shaRate } };
    }

    if (runs('6')) {
      // 6. The same entries as EPCIS events vs GraphQL movements (at most 20,000 of them).
      log(`phase 6: EPCIS query vs GraphQL movements, one client (load ${load()})`);
      const epcis = await benchEpcisQuery(server.url, regulator, Math.min(20_000, ingested));
      log(`phase 6 done: ${fmt((epcis.result as { epcisRate: number }).epcisRate)} events/s vs ${fmt((epcis.result as { gqlRate: number }).gqlRate)} entries/s`);
      rows.push(...epcis.rows);
      results.epcis = epcis.result;
    }

    if (runs('A')) {
      // A. What authentication costs: no token vs an access token vs an API key, Argon2id and logins.
      log(`phase A: cheap query with no token, an access token, an API key; Argon2id verification (load ${load()})`);
      const adminToken = await mintToken(jwtSecret, { role: Role.ADMIN, subject: 'bench-admin', expiresInSeconds: 86_400 });
      const auth = await benchAuthentication(server.url, adminToken, enterprises[0].code);
      rows.push(...auth.rows);
      results.authentication = auth.result;
      log(`phase A done: ${auth.rows[0].measured} calls/s with a key, ${auth.rows[0].baseline} with an access token, ${auth.rows[1].baseline} with none`);
    }

    if (runs('7')) {
      // 7b. Entry proofs over HTTP, then checked offline by the verifier's own code.
      await waitForCheckpoint(sql);
      log(`phase 7b: entryProof over HTTP and offline verification (load ${load()})`);
      const proofs = await benchEntryProofs(sql, server.url, regulator, 1000);
      rows.push(...proofs.rows);
      const assembly = await benchProofAssembly(db.url, proofs.picks);
      rows.push(...assembly.rows);
      const offline = await benchOfflineVerification(proofs.proofs, proofs.root);
      rows.push(...offline.rows);
      results.logProofs = { ...proofs.result, offline: offline.result, inProcess: assembly.result };
      log(`phase 7b done: ${proofs.rows[1].measured} p99 entryProof; offline ${offline.rows[0].measured} proofs/s vs raw ${offline.rows[0].baseline}`);
    }

    if (runs('R')) {
      // R. Nested reads against PostGraphile on the same database (issue 12).
      log(`phase R: nested reads vs PostGraphile 5, ${READ_CLIENTS} clients, alternating rounds (load ${load()})`);
      const partnerToken = await mintToken(jwtSecret, { role: Role.PARTNER, subject: 'bench-partner', department: 'MARKET_SUPERVISION', expiresInSeconds: 86_400 });
      const reads = await benchReads({
        databaseUrl: db.url,
        apiUrl: server.url,
        tokens: { regulator, partner: partnerToken },
        concurrency: READ_CLIENTS,
        rounds: options.size === 'full' ? 4 : 2,
        roundSeconds: options.size === 'full' ? 10 : 4,
        log: (message) => log(`  ${message} (load ${load()})`),
      });
      rows.push(...reads.rows);
      results.reads = reads.result;
    }

    if (runs('H')) {
      // H. Normal clients alone and under an anonymous hostile mix (issue 10), on a server of its own.
      log(`phase H: normal clients alone and with an anonymous hostile mix, alternating rounds (load ${load()})`);
      const hostile = await benchHostile({
        databaseUrl: db.url,
        jwtSecret,
        enterprises,
        tokens,
        regulator,
        traceTargets: workload.traceTargets,
        enterpriseClients: 8,
        regulatorClients: 2,
        // BENCH_HOSTILE_SERVER_ENV="ANONYMOUS_CONCURRENCY=1000 ANONYMOUS_DB_CONNECTIONS=10": the phase's server without a protection, to see what it buys.
        serverEnv: Object.fromEntries((process.env.BENCH_HOSTILE_SERVER_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=', 2) as [string, string])),
        hostileRate: 50,
        hostileClients: 64,
        addresses: 4096,
        rounds: options.size === 'full' ? 4 : 3,
        roundSeconds: options.size === 'full' ? 20 : 10,
        log: (message) => log(`  ${message} (load ${load()})`),
      });
      rows.push(...hostile.rows);
      results.hostile = hostile.result;
    }

    // 5. Peak RSS of the server process.
    const hwm = procStatusKb(server.pid, 'VmHWM') ?? 0;
    const peakMb = hwm / 1024;
    rows.push({ metric: '5. server peak RSS (VmHWM)', measured: `${peakMb.toFixed(0)} MB`, baseline: '', ratio: '', target: '≤ 300 MB', verdict: peakMb <= 300 ? 'PASS' : 'MISS' });
    results.rss = { vmHwmKb: hwm, rssNowKb: procStatusKb(server.pid, 'VmRSS') };

    if (runs('X')) {
      // X. Several API processes and a pooler (issue 18), on the same ledger.
      log(`phase X: partner reads with 1 and 2 API processes; single-entry writes direct vs through PgBouncer (load ${load()})`);
      const partnerToken = await mintToken(jwtSecret, { role: Role.PARTNER, subject: 'bench-partner', department: 'MARKET_SUPERVISION', expiresInSeconds: 86_400 });
      const scaleOut = await benchScaleOut({
        databaseUrl: db.url,
        jwtSecret,
        primary: server,
        enterprises,
        tokens,
        partnerToken,
        readClients: READ_CLIENTS,
        writeClients: options.singleClients,
        rounds: options.size === 'full' ? 4 : 2,
        roundSeconds: options.size === 'full' ? 10 : 4,
        log: (message) => log(`  ${message} (load ${load()})`),
      });
      rows.push(...scaleOut.rows);
      results.scaleOut = scaleOut.result;
    }

    if (runs('F')) {
      // F. Live feeds (issue 16): subscription fan-out with the shared reader and without, webhook deliveries with 1 and 2 processes.
      log(`phase F: 100 ledgerEntries subscribers over a 10,000-entry ingest, shared reader vs each feed reading; webhooks with 1 and 2 processes (load ${load()})`);
      const feeds = await benchFeeds({
        databaseUrl: db.url,
        jwtSecret,
        sql,
        primary: server,
        enterprises,
        tokens,
        subscribers: 100,
        entries: 10_000,
        webhooks: 8,
        webhookEntries: 2_000,
        log: (message) => log(`  ${message} (load ${load()})`),
      });
      rows.push(...feeds.rows);
      results.feeds = feeds.result;
    }

    if (runs('7')) {
      // 7c. The integrator alone, the server stopped: its capacity against the ingest's rate.
      await server.stop();
      log(`phase 7c: the integrator alone over the whole ledger (load ${load()})`);
      const integrator = await benchIntegrator(sql, db.url, ingestRate);
      rows.push(...integrator.rows);
      results.integrator = integrator.result;
      log(`phase 7c done: ${integrator.rows[0].measured} entries/s`);
      // 7d. Ingest with and without the integrator, servers of their own (the main one is stopped).
      log(`phase 7d: ingest with and without the integrator, alternating rounds (load ${load()})`);
      const ingest = await benchIngestWithIntegrator({
        databaseUrl: db.url,
        jwtSecret,
        sql,
        enterprises,
        tokens,
        clients: options.concurrency,
        callsPerClient: options.size === 'full' ? 10 : 3,
        rounds: options.size === 'full' ? 3 : 2,
        log: (message) => log(`${message} (load ${load()})`),
      });
      rows.push(...ingest.rows);
      results.ingestWithIntegrator = ingest.result;
      log(`phase 7d done: ${ingest.rows[0].measured} entries/s with, ${ingest.rows[0].baseline} without`);
    }

    machine.loadAtStart += '';
    results.loadAtEnd = load();
    results.minutes = (performance.now() - started) / 60_000;
    console.log(`\nhazchem-ledger bench (${options.size}): ${fmt(ingested)} + ${fmt(singles)} entries over ${fmt(enterprises.length)} enterprises, ${machine.cpus}, ${machine.memory}, PostgreSQL ${pgVersion}, node ${machine.node}`);
    console.log(`load average at start ${machine.loadAtStart}, at end ${results.loadAtEnd}; ${(results.minutes as number).toFixed(1)} min\n`);
    console.log(table(rows));
    results.rows = rows;
    if (options.out) fs.writeFileSync(options.out, JSON.stringify(results, null, 2));
  } finally {
    closeClients();
    await server?.stop();
    await sql.end();
    if (options.keep) log(`kept database ${db.url}`);
    else await db.drop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
