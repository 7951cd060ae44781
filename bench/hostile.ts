/**
 * Bench phase H (issue 10): normal clients (enterprises recording single movements and reading
 * their stock, regulators tracing a batch and reading the nested enterprises query) measured
 * alone and with an anonymous hostile mix running at the same time, in alternating rounds on the
 * same server: p50/p99 of each, their ratio, and what the hostile requests were answered.
 * The server is one of its own, with the anonymous limits and the statement timeout a deployment
 * has by default, trusting X-Forwarded-For from loopback as behind a reverse proxy.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { GraphQLClient } from './client';
import { AttackResult, CHEMICAL_FIELDS, forkAttacker, hostileRequests, postRaw } from './hostile-mix';
import { QUERIES } from './reads';
import { cpuSeconds, ResourceFigures, startProbe } from './resource-probe';
import { startServer } from './server';
import { BenchEnterprise } from './setup';
import { fmt, Row, summarize } from './stats';
import { singleEntry, TraceTarget } from './workload';

export interface HostileOptions {
  databaseUrl: string;
  jwtSecret: string;
  enterprises: BenchEnterprise[];
  tokens: Map<string, string>;
  regulator: string;
  traceTargets: TraceTarget[];
  enterpriseClients: number;
  regulatorClients: number;
  /** Hostile requests a second, sent whatever the answers, on at most `hostileClients` connections. */
  hostileRate: number;
  hostileClients: number;
  addresses: number;
  rounds: number;
  roundSeconds: number;
  /** Settings of the phase's server beyond the defaults (what a run compares). */
  serverEnv?: Record<string, string>;
  log: (message: string) => void;
}

const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed entries { seq } } }`;
const STOCK = `query Stock($e: CreditCode!) { stock(enterprise: $e, first: 20) { edges { node { batch quantity warehouse { code } product { traceCode } } } } }`;
const TRACE = `query Trace($product: String!, $batch: String!) {
  traceBatch(product: $product, batch: $batch, direction: UPSTREAM, maxDepth: 10) { truncated nodes { id depth quantity } edges { kind from to quantity } }
}`;
const NESTED = QUERIES[0].ours;

type Kind = 'record' | 'stock' | 'trace' | 'nested';

/** The normal clients for `seconds`: each request's latency by kind. */
async function normalClients(api: GraphQLClient, o: HostileOptions, seconds: number, round: string, failures: Map<string, number>): Promise<Record<Kind, number[]>> {
  const latencies: Record<Kind, number[]> = { record: [], stock: [], trace: [], nested: [] };
  const end = performance.now() + seconds * 1000;
  // A refused or failed call counts with the time it took, and by its code.
  const timed = async (kind: Kind, call: () => Promise<unknown>) => {
    const t = performance.now();
    try {
      await call();
    } catch (error) {
      const code = /"code":"(\w+)"/.exec((error as Error).message)?.[1] ?? (error as Error).message.slice(0, 80);
      failures.set(`${kind} ${code}`, (failures.get(`${kind} ${code}`) ?? 0) + 1);
    }
    latencies[kind].push(performance.now() - t);
  };
  const enterpriseClient = async (c: number) => {
    const enterprise = o.enterprises[c % o.enterprises.length];
    const token = o.tokens.get(enterprise.code)!;
    for (let k = 0; performance.now() < end; k++) {
      // Client numbers no other phase uses, so the batches are this phase's own.
      const entry = singleEntry(enterprise, 5000 + c, k);
      entry.batch = `H${round}-${entry.batch}`;
      await timed('record', () => api.request(token, RECORD, { input: { requestId: `hostile-${crypto.randomUUID()}`, entries: [entry] } }));
      await timed('stock', () => api.request(token, STOCK, { e: enterprise.code }));
    }
  };
  const regulatorClient = async (c: number) => {
    for (let k = c; performance.now() < end; k++) {
      const target = o.traceTargets[k % o.traceTargets.length];
      await timed('trace', () => api.request(o.regulator, TRACE, { product: target.product, batch: target.batch }));
      await timed('nested', () => api.request(o.regulator, NESTED));
    }
  };
  await Promise.all([
    ...Array.from({ length: o.enterpriseClients }, (_, c) => enterpriseClient(c)),
    ...Array.from({ length: o.regulatorClients }, (_, c) => regulatorClient(c)),
  ]);
  return latencies;
}

const all = (l: Record<Kind, number[]>) => Object.values(l).flat();
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

export async function benchHostile(o: HostileOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const server = await startServer(o.databaseUrl, o.jwtSecret, {
    STATEMENT_TIMEOUT_SECONDS: '10',
    ANONYMOUS_RATE_PER_MINUTE: '120',
    ANONYMOUS_RATE_BURST: '30',
    TRUST_PROXY: 'loopback',
    ...o.serverEnv,
  });
  let closeAttacker = () => undefined as void;
  try {
    const url = new URL(server.url);
    const api = new GraphQLClient(server.url);
    // The largest chemicals page an anonymous caller's budget admits, from the cost of one and of two rows.
    const costOf = async (first: number) => (await postRaw(url, JSON.stringify({ query: `{ chemicals(first: ${first}) { totalCount edges { cursor node { ${CHEMICAL_FIELDS} } } pageInfo { hasNextPage endCursor } } }` }), `10.255.0.${first}`)).cost ?? NaN;
    const [one, two] = [await costOf(1), await costOf(2)];
    const budget = Number(o.serverEnv?.ANONYMOUS_MAX_QUERY_COST ?? 2000);
    const pageSize = Math.max(1, Math.min(100, Math.floor((budget - (one - (two - one))) / (two - one))));
    const products = o.enterprises.flatMap((e) => e.products.map((p) => p.code));
    const requests = hostileRequests(pageSize, products, 50);
    // Each hostile request alone, three times: its answer and what it costs the server's process in CPU.
    const cpuMs: Record<string, number> = {};
    for (const [i, r] of requests.entries()) {
      const before = cpuSeconds(server.pid);
      let answer;
      for (let k = 0; k < 3; k++) answer = await postRaw(url, typeof r.body === 'string' ? r.body : r.body(), `10.254.${k}.${i}`);
      cpuMs[r.name] = ((cpuSeconds(server.pid) - before) * 1000) / 3;
      o.log(`hostile request "${r.name}": ${answer!.status} ${answer!.code}${answer!.cost !== undefined ? `, cost ${answer!.cost}` : ''}; server CPU ${cpuMs[r.name].toFixed(0)} ms`);
    }
    const attacker = await forkAttacker({ url: server.url, pageSize, products, maxAliases: 50, rate: o.hostileRate, clients: o.hostileClients, addresses: o.addresses });
    closeAttacker = attacker.close;
    // Warm the server's plans and pools with the normal clients alone.
    await normalClients(api, o, 2, 'w', new Map());
    const alone: number[] = [];
    const attacked: number[] = [];
    const byKind = { alone: { record: [], stock: [], trace: [], nested: [] } as Record<Kind, number[]>, attacked: { record: [], stock: [], trace: [], nested: [] } as Record<Kind, number[]> };
    const figures: { alone: ResourceFigures[]; attacked: ResourceFigures[] } = { alone: [], attacked: [] };
    const answers = new Map<string, Map<string, number>>();
    const failures = { alone: new Map<string, number>(), attacked: new Map<string, number>() };
    const hostileMs: number[] = [];
    let hostileSeconds = 0;
    for (let round = 0; round < o.rounds; round++) {
      let resources = await startProbe(o.databaseUrl, server.url, server.pid);
      const quiet = await normalClients(api, o, o.roundSeconds, `${round}a`, failures.alone);
      figures.alone.push(await resources.stop());
      alone.push(...all(quiet));
      for (const k of Object.keys(quiet) as Kind[]) byKind.alone[k].push(...quiet[k]);

      attacker.attack();
      const started = performance.now();
      resources = await startProbe(o.databaseUrl, server.url, server.pid);
      let hostile: AttackResult | undefined;
      const loud = await normalClients(api, o, o.roundSeconds, `${round}h`, failures.attacked).finally(async () => (hostile = await attacker.stop()));
      figures.attacked.push(await resources.stop());
      hostileSeconds += (performance.now() - started) / 1000;
      attacked.push(...all(loud));
      for (const k of Object.keys(loud) as Kind[]) byKind.attacked[k].push(...loud[k]);
      hostileMs.push(...hostile!.latencies);
      for (const [name, codes] of hostile!.answers) {
        const into = answers.get(name) ?? new Map<string, number>();
        for (const [code, n] of codes) into.set(code, (into.get(code) ?? 0) + n);
        answers.set(name, into);
      }
      const q = summarize(all(quiet));
      const l = summarize(all(loud));
      o.log(`round ${round + 1}: alone p50 ${q.p50.toFixed(0)} / p99 ${q.p99.toFixed(0)} ms (${q.n}); with the hostile mix p50 ${l.p50.toFixed(0)} / p99 ${l.p99.toFixed(0)} ms (${l.n}); ${fmt(hostile!.latencies.length)} hostile requests (${fmt(hostile!.skipped)} not sent: ${o.hostileClients} waiting)`);
      o.log(`  resources alone ${describe(figures.alone[round])}`);
      o.log(`  resources attacked ${describe(figures.attacked[round])}`);
    }
    const a = summarize(alone);
    const h = summarize(attacked);
    const hostile = summarize(hostileMs);
    const refused: Record<string, number> = {};
    for (const codes of answers.values()) for (const [code, n] of codes) refused[code] = (refused[code] ?? 0) + n;
    for (const [name, codes] of answers) o.log(`  hostile "${name}": ${[...codes].map(([c, n]) => `${c} ×${fmt(n)}`).join(', ')}`);
    for (const side of ['alone', 'attacked'] as const) {
      if (failures[side].size > 0) o.log(`normal clients' failed calls ${side}: ${[...failures[side]].map(([c, n]) => `${c} ×${n}`).join(', ')}`);
    }
    o.log(`hostile answers: ${Object.entries(refused).map(([c, n]) => `${c} ×${fmt(n)}`).join(', ')}; ${fmt(hostileMs.length / hostileSeconds)}/s, p50 ${hostile.p50.toFixed(0)} ms`);
    const kinds = (Object.keys(byKind.alone) as Kind[]).map((k) => {
      const [ka, kh] = [summarize(byKind.alone[k]), summarize(byKind.attacked[k])];
      return { metric: `   ${k} p99 (p50 ${ka.p50.toFixed(0)} → ${kh.p50.toFixed(0)} ms)`, measured: `${kh.p99.toFixed(0)} ms`, baseline: `${ka.p99.toFixed(0)} ms`, ratio: `${(kh.p99 / ka.p99).toFixed(2)} ×`, target: '', verdict: 'info' as const };
    });
    const ratio = h.p99 / a.p99;
    const rows: Row[] = [
      { metric: `H. normal clients' p99 with the hostile mix (${o.enterpriseClients}+${o.regulatorClients} clients, hostile ${o.hostileRate}/s)`, measured: `${h.p99.toFixed(0)} ms`, baseline: `${a.p99.toFixed(0)} ms`, ratio: `${ratio.toFixed(2)} ×`, target: '≤ 2 ×', verdict: ratio <= 2 ? 'PASS' : 'MISS' },
      { metric: '   normal clients failed calls', measured: fmt(sum(failures.attacked)), baseline: fmt(sum(failures.alone)), ratio: '', target: '0', verdict: sum(failures.attacked) + sum(failures.alone) === 0 ? 'PASS' : 'MISS' },
      { metric: '   normal clients p50', measured: `${h.p50.toFixed(0)} ms`, baseline: `${a.p50.toFixed(0)} ms`, ratio: `${(h.p50 / a.p50).toFixed(2)} ×`, target: '', verdict: 'info' },
      ...kinds,
      { metric: '   hostile requests/s, p50 (answers: see the log)', measured: fmt(hostileMs.length / hostileSeconds), baseline: `${hostile.p50.toFixed(0)} ms`, ratio: '', target: '', verdict: 'info' },
    ];
    return { rows, result: { alone: a, attacked: h, ratio, failures: { alone: Object.fromEntries(failures.alone), attacked: Object.fromEntries(failures.attacked) }, byKind: Object.fromEntries((Object.keys(byKind.alone) as Kind[]).map((k) => [k, { alone: summarize(byKind.alone[k]), attacked: summarize(byKind.attacked[k]) }])), hostile: { ...hostile, perSecond: hostileMs.length / hostileSeconds, answers: Object.fromEntries([...answers].map(([n, c]) => [n, Object.fromEntries(c)])) }, resources: figures, pageSize, serverCpuMsPerHostileRequest: cpuMs } };
  } finally {
    closeAttacker();
    await server.stop();
  }
}

function describe(f: ResourceFigures): string {
  return `healthz p50 ${f.healthzP50.toFixed(1)} / p99 ${f.healthzP99.toFixed(0)} ms, server ${f.serverCores.toFixed(2)} cores, PostgreSQL ${f.postgresCores.toFixed(2)} cores, busy connections ${f.busyConnectionsMean.toFixed(1)} (max ${f.busyConnectionsMax}, anonymous max ${f.busyAnonymousMax})`;
}
