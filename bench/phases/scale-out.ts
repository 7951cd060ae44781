/** One process's footprint and growing past it: 5, the server's peak RSS; X, several processes, replicas and a pooler; F, live feeds. */
import fs from 'node:fs';
import { benchFeeds } from '../feeds';
import { partnerFanOut, toxicChains } from '../partner-feeds';
import { fmt, pct } from '../stats';
import { benchReplicaIngest } from '../replica-ingest';
import { benchScaleOut } from '../scaleout';
import { Bench, log, logWithLoad, machineLoad } from './context';
import { partnerToken, READ_CLIENTS } from './reads';

function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** 5. Peak RSS of the server process, after every phase that used it. */
export function serverPeakRss(bench: Bench): void {
  const hwm = procStatusKb(bench.server.pid, 'VmHWM') ?? 0;
  const peakMb = hwm / 1024;
  bench.rows.push({ metric: '5. server peak RSS (VmHWM)', measured: `${peakMb.toFixed(0)} MB`, baseline: '', ratio: '', target: '≤ 300 MB', verdict: peakMb <= 300 ? 'PASS' : 'MISS' });
  bench.results.rss = { vmHwmKb: hwm, rssNowKb: procStatusKb(bench.server.pid, 'VmRSS') };
}

/** X. Several API processes, read replicas and a pooler (issue 18), on the same ledger; then writes with a replica attached. */
export async function scaleOut(bench: Bench): Promise<void> {
  const full = bench.options.size === 'full';
  log(`phase X: partner reads with 1 and 2 API processes; single-entry writes direct vs through PgBouncer; partner reads with 0, 1 and 2 replicas (load ${machineLoad()})`);
  const result = await benchScaleOut({
    databaseUrl: bench.databaseUrl,
    jwtSecret: bench.jwtSecret,
    primary: bench.server,
    enterprises: bench.enterprises,
    tokens: bench.tokens,
    partnerToken: await partnerToken(bench),
    readClients: READ_CLIENTS,
    writeClients: bench.options.singleClients,
    rounds: full ? 4 : 2,
    roundSeconds: full ? 10 : 4,
    log: logWithLoad,
  });
  bench.rows.push(...result.rows);
  log(`phase X: batched ingest with no replica and with 1 streaming replica attached, alternating rounds; the replica's lag (load ${machineLoad()})`);
  const ingest = await benchReplicaIngest({
    databaseUrl: bench.databaseUrl,
    api: bench.api,
    enterprises: bench.enterprises,
    tokens: bench.tokens,
    batch: bench.options.batch,
    concurrency: bench.options.concurrency,
    rounds: full ? 4 : 2,
    log: logWithLoad,
  });
  bench.rows.push(...ingest.rows);
  bench.results.scaleOut = { ...result.result, replicaIngest: ingest.result };
}

/** F. Live feeds (issue 16): subscription fan-out with the shared reader and without, webhook deliveries with 1 and 2 processes. */
export async function liveFeeds(bench: Bench): Promise<void> {
  log(`phase F: 100 ledgerEntries subscribers over a 10,000-entry ingest, shared reader vs each feed reading; webhooks with 1 and 2 processes (load ${machineLoad()})`);
  const feeds = await benchFeeds({
    databaseUrl: bench.databaseUrl,
    jwtSecret: bench.jwtSecret,
    sql: bench.sql,
    primary: bench.server,
    enterprises: bench.enterprises,
    tokens: bench.tokens,
    subscribers: 100,
    entries: 10_000,
    webhooks: 8,
    webhookEntries: 2_000,
    log: logWithLoad,
  });
  bench.rows.push(...feeds.rows);
  bench.results.feeds = feeds.result;
}

/**
 * P. Partner feeds (issue 16): BENCH_P_SUBSCRIBERS (20) public-security subscribers, every event
 * audited, over a BENCH_P_ENTRIES (1,000) ingest of highly toxic chemicals; BENCH_P_BEFORE_MAIN's
 * build first, then this one, in the same run.
 */
export async function partnerFeeds(bench: Bench): Promise<void> {
  const subscribers = Number(process.env.BENCH_P_SUBSCRIBERS ?? 20);
  const entries = Number(process.env.BENCH_P_ENTRIES ?? 1_000);
  const before = process.env.BENCH_P_BEFORE_MAIN;
  log(`phase P: ${subscribers} partner ledgerEntries subscribers over a ${fmt(entries)}-entry ingest, each event audited${before ? `; ${before} first` : ''} (load ${machineLoad()})`);
  const options = { databaseUrl: bench.databaseUrl, jwtSecret: bench.jwtSecret, sql: bench.sql, primary: bench.server, enterprises: bench.enterprises, tokens: bench.tokens, subscribers, entries, webhooks: 0, webhookEntries: 0, log: logWithLoad };
  const chains = await toxicChains(bench.sql, bench.enterprises);
  if (chains.length === 0) throw new Error('bench: no enterprise records a highly toxic chemical');
  const baseline = before ? await partnerFanOut(options, chains, 'before', before) : undefined;
  const after = await partnerFanOut(options, chains, 'after');
  const vs = (m: number, b: number | undefined, unit = '') => ({ measured: `${fmt(m)}${unit}`, baseline: b === undefined ? '' : `${fmt(b)}${unit}`, ratio: b === undefined ? '' : pct(m / b) });
  bench.rows.push(
    { metric: `P. partner fan-out, ${subscribers} subscribers, ${fmt(entries)}-entry ingest: deliveries/s (baseline ${before ?? 'none'})`, ...vs(after.rate, baseline?.rate), target: '', verdict: 'info' },
    { metric: '   lag p50', ...vs(after.lag.p50, baseline?.lag.p50, ' ms'), target: '', verdict: 'info' },
    { metric: '   lag p99', ...vs(after.lag.p99, baseline?.lag.p99, ' ms'), target: '', verdict: 'info' },
    { metric: '   audit rows / INSERTs', measured: `${fmt(after.auditRows)} / ${fmt(after.auditInserts)}`, baseline: baseline ? `${fmt(baseline.auditRows)} / ${fmt(baseline.auditInserts)}` : '', ratio: '', target: '', verdict: 'info' },
  );
  bench.results.partnerFeeds = { before: baseline, after };
}
