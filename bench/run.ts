/**
 * The ledger benchmark (issue 3): `npm run bench -- --size smoke|full`
 * (or --entries N --enterprises M; `--help` lists the options and phases).
 * Builds a scratch database, a registry and a ledger through the GraphQL API
 * of a server running in a child process, and prints each figure next to a
 * baseline measured in the same run on the same database. Figures, not a
 * test: it fails only when the ledger refuses a valid call or a chain does
 * not verify. docs/performance.md keeps the results. Each phase's body is in
 * bench/phases/; here, the setup and the order the phases run in.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { mintToken } from '../src/access/tokens';
import { Role } from '../src/access/viewer';
import { EnforcementLevel } from '../src/registry/registry.enums';
import { createPlainTables } from './baseline';
import { bulkLedger } from './bulk-ledger';
import { closeClients, GraphQLClient } from './client';
import { waitForCheckpoint } from './log';
import { LogTimeline } from './log-timeline';
import { watchReplicaLag } from './replica-lag';
import { parseOptions, USAGE } from './options';
import { authentication, hostileMix } from './phases/callers';
import { Bench, log, machineLoad } from './phases/context';
import { groupCommit, ingestBaseline, ingestLedger, receiptByScan, singleEntries } from './phases/ingest';
import { epcisQuery, nestedReads, traces, verifyChains } from './phases/reads';
import { liveFeeds, partnerFeeds, scaleOut, serverPeakRss } from './phases/scale-out';
import { checkpointLagDuringIngest, entryProofs, integratorCapacity } from './phases/transparency-log';
import { BenchServer, buildServer, startServer } from './server';
import { connect, createBenchDatabase, seedRegistry } from './setup';
import { fmt, table } from './stats';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const runs = (phase: string) => options.phases === null || options.phases.has(phase);
  /** Phase 7's parts (`--phases 7a,7c`), all of them with `7`. */
  const runsLog = (part: 'A' | 'B' | 'C') => runs('7') || runs(`7${part}`);
  const started = performance.now();
  const machine: Record<string, string> = {
    date: new Date().toISOString(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    loadAtStart: machineLoad(),
  };
  log(`bench ${options.size}: ${fmt(options.entries)} entries, ${fmt(options.enterprises)} enterprises, ${options.rounds} rounds, ${options.batch} a call, ${options.concurrency} clients`);
  log(`machine: ${machine.cpus}, ${machine.memory}, node ${machine.node}, load ${machine.loadAtStart}`);

  const db = await createBenchDatabase();
  log(`scratch database ${db.name} migrated`);
  const sql = await connect(db.url);
  let server: BenchServer | undefined;
  const results: Record<string, unknown> = { options, machine };
  try {
    const pgVersion = (await sql.query<{ server_version: string }>('show server_version')).rows[0].server_version;
    machine.postgres = pgVersion;
    const enterprises = await seedRegistry(sql, options.enterprises);
    await createPlainTables(sql);
    log(`registry: ${enterprises.length} enterprises, ${enterprises.length * 3} warehouses, ${enterprises.length * 3} products, licences (PostgreSQL ${pgVersion})`);
    if (options.bulk > 0) {
      // Not measured: a large ledger underneath, integrated by the server's integrator before phase 1 starts.
      log(`bulk: ${fmt(options.bulk)} entries written in SQL (bench/bulk-ledger.ts)`);
      const bulkStart = performance.now();
      await bulkLedger(sql, enterprises, options.bulk, (done) => {
        if (done % 100_000 < 5_000) log(`  ${fmt(done)} entries, ${fmt(done / ((performance.now() - bulkStart) / 1000))}/s (load ${machineLoad()})`);
      });
      results.bulk = { entries: options.bulk, seconds: (performance.now() - bulkStart) / 1000 };
    }

    if (process.env.BENCH_LOG_SLOW_MS) await sql.query(`alter database "${db.name}" set log_min_duration_statement = ${Number(process.env.BENCH_LOG_SLOW_MS)}`);
    const jwtSecret = crypto.randomBytes(32).toString('base64url');
    buildServer();
    server = await startServer(db.url, jwtSecret);
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
    const bench: Bench = { options, databaseUrl: db.url, sql, server, api: new GraphQLClient(server.url), jwtSecret, enterprises, tokens, regulator, rows: [], results };

    // The phases, in this order: 7a reads phase 1's commit times, 5 follows every phase of the main server, 7c/7d stop it.
    const timeline = runsLog('A') ? await LogTimeline.start(bench.databaseUrl) : undefined;
    const replicaLag = options.replica ? await watchReplicaLag(bench.databaseUrl, log) : undefined;
    const ingest = await ingestLedger(bench);
    if (replicaLag) {
      const lag = await replicaLag.stop(ingest.entries);
      bench.rows.push(...lag.rows);
      results.replicaDuringIngest = lag.result;
    }
    if (runs('1')) await ingestBaseline(bench, ingest);
    if (timeline) await checkpointLagDuringIngest(bench, ingest, timeline);
    const singles = runs('2') ? await singleEntries(bench, ingest) : 0;
    if (runs('G')) await groupCommit(bench);
    if (runs('S')) await receiptByScan(bench);
    if (runs('3')) await traces(bench, ingest);
    if (runs('4')) await verifyChains(bench);
    if (runs('6')) await epcisQuery(bench, ingest);
    if (runs('A')) await authentication(bench);
    if (runsLog('B')) await entryProofs(bench);
    if (runs('R')) await nestedReads(bench);
    if (runs('H')) await hostileMix(bench, ingest);
    serverPeakRss(bench);
    if (runs('X')) await scaleOut(bench);
    if (runs('F')) await liveFeeds(bench);
    if (runs('P')) await partnerFeeds(bench);
    if (runsLog('C')) await integratorCapacity(bench, ingest);

    results.loadAtEnd = machineLoad();
    results.minutes = (performance.now() - started) / 60_000;
    console.log(`\nhazchem-ledger bench (${options.size}): ${fmt(ingest.entries)} + ${fmt(singles)} entries over ${fmt(enterprises.length)} enterprises, ${machine.cpus}, ${machine.memory}, PostgreSQL ${pgVersion}, node ${machine.node}`);
    console.log(`load average at start ${machine.loadAtStart}, at end ${results.loadAtEnd}; ${(results.minutes as number).toFixed(1)} min\n`);
    console.log(table(bench.rows));
    results.rows = bench.rows;
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
