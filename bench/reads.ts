/**
 * Bench phase `reads` (issue 12): nested reads through the API against
 * PostGraphile v5 serving the same database in the same run, alternating
 * rounds at the same concurrency: req/s, p50/p99, SQL statements per request
 * and the ratio. PostGraphile is its own package (bench/postgraphile), installed
 * with npm ci when missing; on Node 20 it needs Promise.withResolvers, preloaded.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { GraphQLClient } from './client';
import { Row, summarize } from './stats';

/** The issue's two queries, ours and PostGraphile's spelling of the same rows (stock: every balance, empty ones too). */
export const QUERIES = [
  {
    name: 'nested: 50 enterprises → warehouses + stock → warehouse, product → chemical',
    depth: 4,
    ours: `{ enterprises(first: 50) { edges { node { creditCode name
      warehouses(first: 10) { edges { node { code name } } }
      stock(first: 20, includeEmpty: true) { edges { node { batch quantity warehouse { code } product { traceCode chemical { name } } } } } } } } }`,
    postgraphile: `{ allEnterprises(first: 50, orderBy: PRIMARY_KEY_ASC) { edges { node { creditCode name
      warehousesByEnterpriseId(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node { code name } } }
      ledgerBalancesByEnterpriseId(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node { batch quantity warehouseByWarehouseId { code }
        productByProductId { traceCode chemicalByChemicalSerial { name } } } } } } } } }`,
    viewer: 'regulator' as const,
  },
  {
    name: "partner cross-link: 20 enterprises → products → chemical, licences → scope → chemical, events",
    depth: 4,
    ours: `{ enterprises(first: 20) { edges { node { creditCode
      products(first: 10) { edges { node { traceCode chemical { name } } } }
      licences(first: 5) { edges { node { number scope(first: 10) { edges { node { chemical { name } } } } events(first: 10) { edges { node { type } } } } } } } } } }`,
    postgraphile: `{ allEnterprises(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node { creditCode
      productsByEnterpriseId(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node { traceCode chemicalByChemicalSerial { name } } } }
      licencesByHolderId(first: 5, orderBy: PRIMARY_KEY_ASC) { edges { node { number
        licenceScopeItemsByLicenceId(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node { chemicalByChemicalSerial { name } } } }
        licenceEventsByLicenceId(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node { type } } } } } } } } } }`,
    viewer: 'partner' as const,
  },
];

/** This build, another build (BENCH_R_BEFORE_MAIN), PostGraphile. */
type Side = 'ours' | 'before' | 'postgraphile';

export interface ReadsOptions {
  databaseUrl: string;
  apiUrl: string;
  tokens: { regulator: string; partner: string };
  concurrency: number;
  rounds: number;
  roundSeconds: number;
  log: (message: string) => void;
  /** Another build's server over the same database (BENCH_R_BEFORE_MAIN), a third side of the same rounds. */
  beforeUrl?: string;
}

export async function benchReads(options: ReadsOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const postgraphile = await startPostGraphile(options.databaseUrl);
  const rows: Row[] = [];
  const result: Record<string, unknown> = {};
  try {
    const ours = new GraphQLClient(options.apiUrl);
    const theirs = new GraphQLClient(postgraphile.url);
    const before = options.beforeUrl ? new GraphQLClient(options.beforeUrl) : null;
    const sides = before ? (['ours', 'before', 'postgraphile'] as const) : (['ours', 'postgraphile'] as const);
    for (const q of QUERIES) {
      const token = options.tokens[q.viewer];
      const send: Record<Side, () => Promise<unknown>> = {
        ours: () => ours.request(token, q.ours),
        before: () => before!.request(token, q.ours),
        postgraphile: () => theirs.request('', q.postgraphile),
      };
      await sameRows(await send.ours(), await send.postgraphile(), q.name);
      if (before) await sameRows(await send.before(), await send.postgraphile(), q.name);
      for (let i = 0; i < 20; i++) await Promise.all(sides.map((side) => send[side]()));
      const runs: Record<Side, number[]> = { ours: [], before: [], postgraphile: [] };
      const seconds: Record<Side, number> = { ours: 0, before: 0, postgraphile: 0 };
      for (let round = 0; round < options.rounds; round++) {
        for (const side of sides) {
          const start = performance.now();
          runs[side].push(...(await load(send[side], options.concurrency, options.roundSeconds)));
          seconds[side] += (performance.now() - start) / 1000;
        }
      }
      const statements = {} as Record<Side, number>;
      for (const side of sides) statements[side] = await statementsPerRequest(options.databaseUrl, send[side]);
      const rate = Object.fromEntries(sides.map((side) => [side, runs[side].length / seconds[side]])) as Record<Side, number>;
      const latency = Object.fromEntries(sides.map((side) => [side, summarize(runs[side])])) as Record<Side, ReturnType<typeof summarize>>;
      const line = (side: Side) => `${rate[side].toFixed(1)} req/s (p50 ${latency[side].p50.toFixed(0)} ms, p99 ${latency[side].p99.toFixed(0)} ms, ${statements[side].toFixed(1)} statements)`;
      options.log(`reads: ${q.name}: ours ${line('ours')}, ${before ? `before ${line('before')}, ` : ''}PostGraphile ${line('postgraphile')}`);
      const ratio = rate.ours / rate.postgraphile;
      rows.push(
        { metric: `R. ${q.name}, req/s (${options.concurrency} clients)`, measured: rate.ours.toFixed(1), baseline: rate.postgraphile.toFixed(1), ratio: `${ratio.toFixed(2)} ×`, target: '≥ 1.0 ×', verdict: ratio >= 1 ? 'PASS' : 'MISS' },
        { metric: '   latency p50', measured: `${latency.ours.p50.toFixed(0)} ms`, baseline: `${latency.postgraphile.p50.toFixed(0)} ms`, ratio: '', target: '', verdict: 'info' },
        {
          metric: '   latency p99',
          measured: `${latency.ours.p99.toFixed(0)} ms`,
          baseline: `${latency.postgraphile.p99.toFixed(0)} ms`,
          ratio: `${(latency.ours.p99 / latency.postgraphile.p99).toFixed(2)} ×`,
          target: '≤ 1.5 ×',
          verdict: latency.ours.p99 <= 1.5 * latency.postgraphile.p99 ? 'PASS' : 'MISS',
        },
        {
          metric: '   SQL statements per request',
          measured: statements.ours.toFixed(1),
          baseline: statements.postgraphile.toFixed(1),
          ratio: '',
          target: `≤ ${q.depth} (nesting depth)`,
          verdict: statements.ours <= q.depth + 0.5 ? 'PASS' : 'MISS',
        },
      );
      if (before) {
        const r = rate.before / rate.postgraphile;
        rows.push({
          metric: `   the other build (BENCH_R_BEFORE_MAIN), req/s; p99`,
          measured: `${rate.before.toFixed(1)}; ${latency.before.p99.toFixed(0)} ms`,
          baseline: `${rate.postgraphile.toFixed(1)}; ${latency.postgraphile.p99.toFixed(0)} ms`,
          ratio: `${r.toFixed(2)} ×`,
          target: '',
          verdict: 'info',
        });
      }
      result[q.name] = { rate, latency, statements, requests: Object.fromEntries(sides.map((side) => [side, runs[side].length])) };
    }
  } finally {
    await postgraphile.stop();
  }
  return { rows, result };
}

/** `concurrency` clients sending back to back for `seconds`: each request's latency. */
export async function load(send: () => Promise<unknown>, concurrency: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await send();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return latencies;
}

/** Both servers must read the same rows, or the comparison says nothing: the same leaf values, in the same order. */
async function sameRows(ours: unknown, theirs: unknown, name: string): Promise<void> {
  const leaves = (value: unknown): string[] =>
    value === null || typeof value !== 'object' ? [String(value)] : Object.values(value as object).flatMap(leaves);
  const a = leaves(ours).join('\u0001');
  const b = leaves(theirs).join('\u0001');
  if (a !== b) throw new Error(`bench: the API and PostGraphile read different rows for "${name}"`);
}

/**
 * SQL statements a request costs, from PostgreSQL's own counters: both
 * servers send reads outside transactions, so each statement commits one
 * (xact_commit). The counters are flushed by each backend within about ten
 * seconds, so the count waits for them to settle, and subtracts what the
 * database did while idle for as long (the API's log integrator polls):
 * about ±0.3 a request. The tests count exactly (test/reads).
 */
async function statementsPerRequest(databaseUrl: string, send: () => Promise<unknown>, requests = 40): Promise<number> {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const commits = async () =>
      Number((await admin.query<{ n: string }>('select xact_commit::text as n from pg_stat_database where datname = $1', [database])).rows[0].n);
    const settle = async () => {
      let last = await commits();
      for (let waited = 0; waited < 15_000; waited += 1000) {
        await new Promise((r) => setTimeout(r, 1000));
        const now = await commits();
        if (now === last && waited >= 11_000) return now;
        last = now;
      }
      return last;
    };
    const start = await settle();
    const idle = (await settle()) - start;
    const before = await settle();
    for (let i = 0; i < requests; i++) await send();
    return Math.max(0, (await settle()) - before - idle) / requests;
  } finally {
    await admin.end();
  }
}

async function startPostGraphile(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = path.join(__dirname, 'postgraphile');
  if (!fs.existsSync(path.join(dir, 'node_modules', 'postgraphile'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const child: ChildProcess = spawn(process.execPath, ['-r', './with-resolvers.cjs', 'server.mjs'], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`bench: PostGraphile exited with ${code}:\n${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PostGraphile at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

