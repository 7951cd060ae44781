/**
 * Bench phase X (issue 18), on the ledger the earlier phases built:
 * - partner nested reads with one API process and with two on the same
 *   database, requests alternating between them as a reverse proxy would;
 * - single-entry writes (one chain per client) through PgBouncer in
 *   transaction mode (unnamed statements) against the same writes straight
 *   to PostgreSQL with the named prepared statements, and straight with
 *   unnamed ones (what the pooler's own hop costs, apart from re-planning).
 * - partner nested reads from one API process with 0, 1 and 2 streaming
 *   replicas (DATABASE_REPLICA_URLS), replicas of this machine's PostgreSQL
 *   made as the replica tests make them;
 * - then bench/replica-ingest.ts: the batched ingest with and without a
 *   replica attached, and the replica's lag during it.
 * Alternating rounds of equal length, so the machine's load falls on each.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startPgBouncer } from '../src/db/pgbouncer';
import { adminUrl } from '../src/db/scratch-database';
import { StreamingReplica, startStreamingReplica } from '../test/support/streaming-replica';
import { GraphQLClient } from './client';
import { load, QUERIES } from './reads';
import { BenchServer, startServer } from './server';
import { BenchEnterprise } from './setup';
import { fmt, pct, Row, summarize } from './stats';
import { singleEntry } from './workload';

export interface ScaleOutOptions {
  databaseUrl: string;
  jwtSecret: string;
  /** The bench's server: direct, named statements, the log's integrator. */
  primary: BenchServer;
  enterprises: BenchEnterprise[];
  tokens: Map<string, string>;
  partnerToken: string;
  readClients: number;
  writeClients: number;
  rounds: number;
  roundSeconds: number;
  log: (message: string) => void;
}

const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed } }`;

/** A second process serves requests only: one integrator and no jobs, as in a deployment. */
const REQUESTS_ONLY = { LOG_INTEGRATE: 'false', JOBS_ENABLED: 'false' };

export async function benchScaleOut(options: ScaleOutOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const reads = await twoProcessReads(options);
  const writes = await pooledWrites(options);
  const replicas = await replicaReads(options);
  return { rows: [...reads.rows, ...writes.rows, ...replicas.rows], result: { reads: reads.result, writes: writes.result, replicas: replicas.result } };
}

async function replicaReads(options: ScaleOutOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const query = QUERIES.find((q) => q.viewer === 'partner')!;
  // The replica helper finds its primary as the tests do.
  process.env.TEST_DATABASE_URL ??= adminUrl();
  const replicas: StreamingReplica[] = [];
  const started: BenchServer[] = [];
  try {
    for (let i = 0; i < 2; i++) replicas.push(await startStreamingReplica());
    await Promise.all(replicas.map((r) => r.caughtUp()));
    const database = new URL(options.databaseUrl).pathname.slice(1);
    for (const n of [1, 2]) {
      const urls = replicas.slice(0, n).map((r) => r.url(database)).join(',');
      started.push(await startServer(options.databaseUrl, options.jwtSecret, { ...REQUESTS_ONLY, DATABASE_REPLICA_URLS: urls }));
    }
    // The comparison means something only if the replicas answer: each server says where it read.
    for (const server of started) {
      const where = await readFrom(server.url, options.partnerToken, query.ours);
      if (!where?.startsWith('replica')) throw new Error(`bench: partner reads on ${server.url} came from ${where}, not a replica`);
    }
    const clients = [options.primary, ...started].map((s) => new GraphQLClient(s.url));
    const sides = { none: clients[0], one: clients[1], two: clients[2] };
    for (const c of clients) for (let i = 0; i < 10; i++) await c.request(options.partnerToken, query.ours);
    const { rate, latency } = await alternate(sides, options, (client) => load(() => client.request(options.partnerToken, query.ours), options.readClients, options.roundSeconds));
    options.log(`X replicas: ${query.name}: 0 replicas ${rate.none.toFixed(1)} req/s, 1 replica ${rate.one.toFixed(1)}, 2 replicas ${rate.two.toFixed(1)}`);
    const row = (metric: string, r: number): Row => ({ metric, measured: r.toFixed(1), baseline: rate.none.toFixed(1), ratio: `${(r / rate.none).toFixed(2)} ×`, target: '', verdict: 'info' });
    return {
      rows: [
        row(`X. partner nested reads, 1 replica (baseline 0), req/s, ${options.readClients} clients`, rate.one),
        row('   2 replicas (baseline 0)', rate.two),
        { metric: '   latency p50 / p99, 2 replicas', measured: `${latency.two.p50.toFixed(0)} / ${latency.two.p99.toFixed(0)} ms`, baseline: `${latency.none.p50.toFixed(0)} / ${latency.none.p99.toFixed(0)} ms`, ratio: '', target: '', verdict: 'info' },
      ],
      result: { query: query.name, rate, latency },
    };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    for (const r of replicas) await r.destroy();
  }
}

/** extensions.readFrom of one answer. */
async function readFrom(url: string, token: string, query: string): Promise<string | undefined> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return ((await response.json()) as { extensions?: { readFrom?: string } }).extensions?.readFrom;
}

async function twoProcessReads(options: ScaleOutOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const query = QUERIES.find((q) => q.viewer === 'partner')!;
  const second = await startServer(options.databaseUrl, options.jwtSecret, REQUESTS_ONLY);
  try {
    const clients = [new GraphQLClient(options.primary.url), new GraphQLClient(second.url)];
    let next = 0;
    const sides = {
      one: () => clients[0].request(options.partnerToken, query.ours),
      two: () => clients[next++ % 2].request(options.partnerToken, query.ours),
    };
    for (let i = 0; i < 20; i++) await Promise.all([clients[0], clients[1]].map((c) => c.request(options.partnerToken, query.ours)));
    const { rate, latency } = await alternate(sides, options, (send) => load(send, options.readClients, options.roundSeconds));
    options.log(`X reads: ${query.name}: 1 process ${rate.one.toFixed(1)} req/s, 2 processes ${rate.two.toFixed(1)} req/s`);
    return {
      rows: [
        { metric: `X. partner nested reads, 2 API processes (baseline 1), req/s, ${options.readClients} clients`, measured: rate.two.toFixed(1), baseline: rate.one.toFixed(1), ratio: `${(rate.two / rate.one).toFixed(2)} ×`, target: '', verdict: 'info' },
        { metric: '   latency p50 / p99', measured: `${latency.two.p50.toFixed(0)} / ${latency.two.p99.toFixed(0)} ms`, baseline: `${latency.one.p50.toFixed(0)} / ${latency.one.p99.toFixed(0)} ms`, ratio: '', target: '', verdict: 'info' },
      ],
      result: { query: query.name, rate, latency },
    };
  } finally {
    await second.stop();
  }
}

async function pooledWrites(options: ScaleOutOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  // Fewer server connections than the API's pool (10): the pooler lends them per transaction.
  const bouncer = await startPgBouncer({ serverUrl: adminUrl(), poolSize: 8 });
  const started: BenchServer[] = [];
  try {
    const pooled = await startServer(bouncer.url(options.databaseUrl), options.jwtSecret, { ...REQUESTS_ONLY, DATABASE_DIRECT_URL: options.databaseUrl });
    started.push(pooled);
    // DATABASE_DIRECT_URL naming the same server: the pooler's unnamed statements without the pooler.
    const unnamed = await startServer(options.databaseUrl, options.jwtSecret, { ...REQUESTS_ONLY, DATABASE_DIRECT_URL: options.databaseUrl });
    started.push(unnamed);
    // Not the bench's own server: it runs the log's integrator and the jobs, woken by every commit, which the other two do not.
    const direct = await startServer(options.databaseUrl, options.jwtSecret, REQUESTS_ONLY);
    started.push(direct);
    const clients = { direct: new GraphQLClient(direct.url), pooled: new GraphQLClient(pooled.url), unnamed: new GraphQLClient(unnamed.url) };
    const writers = options.enterprises.slice(0, options.writeClients).map((enterprise, i) => ({ enterprise, token: options.tokens.get(enterprise.code)!, client: 1000 + i, k: 0 }));
    const writeRound = (client: GraphQLClient) => async (): Promise<number[]> => {
      const latencies: number[] = [];
      const end = performance.now() + options.roundSeconds * 1000;
      await Promise.all(
        writers.map(async (w) => {
          while (performance.now() < end) {
            const entry = singleEntry(w.enterprise, w.client, w.k++);
            const t = performance.now();
            await client.request(w.token, RECORD, { input: { requestId: `scaleout-${w.client}-${crypto.randomUUID()}`, entries: [entry] } });
            latencies.push(performance.now() - t);
          }
        }),
      );
      return latencies;
    };
    const sides = { direct: writeRound(clients.direct), pooled: writeRound(clients.pooled), unnamed: writeRound(clients.unnamed) };
    const { rate, latency } = await alternate(sides, options, (round) => round());
    options.log(`X writes: direct ${fmt(rate.direct)}/s, through PgBouncer ${bouncer.version} ${fmt(rate.pooled)}/s, direct unnamed ${fmt(rate.unnamed)}/s`);
    return {
      rows: [
        { metric: `X. single-entry writes through PgBouncer ${bouncer.version} (baseline direct), entries/s`, measured: fmt(rate.pooled), baseline: fmt(rate.direct), ratio: pct(rate.pooled / rate.direct), target: '', verdict: 'info' },
        { metric: '   direct with unnamed statements (baseline direct, named)', measured: fmt(rate.unnamed), baseline: fmt(rate.direct), ratio: pct(rate.unnamed / rate.direct), target: '', verdict: 'info' },
        { metric: '   latency p50 / p99 through PgBouncer', measured: `${latency.pooled.p50.toFixed(1)} / ${latency.pooled.p99.toFixed(1)} ms`, baseline: `${latency.direct.p50.toFixed(1)} / ${latency.direct.p99.toFixed(1)} ms`, ratio: '', target: '', verdict: 'info' },
      ],
      result: { pgbouncer: bouncer.version, poolSize: 8, clients: writers.length, rate, latency },
    };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    await bouncer.stop();
  }
}

/** Each side in turn, `rounds` times: its rate (requests a second over its rounds) and latencies. */
async function alternate<K extends string, S>(
  sides: Record<K, S>,
  options: ScaleOutOptions,
  round: (side: S) => Promise<number[]>,
): Promise<{ rate: Record<K, number>; latency: Record<K, ReturnType<typeof summarize>> }> {
  const names = Object.keys(sides) as K[];
  const runs = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  const seconds = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  for (let r = 0; r < options.rounds; r++) {
    for (const name of names) {
      const start = performance.now();
      runs[name].push(...(await round(sides[name])));
      seconds[name] += (performance.now() - start) / 1000;
    }
  }
  return {
    rate: Object.fromEntries(names.map((n) => [n, runs[n].length / seconds[n]])) as Record<K, number>,
    latency: Object.fromEntries(names.map((n) => [n, summarize(runs[n])])) as Record<K, ReturnType<typeof summarize>>,
  };
}
