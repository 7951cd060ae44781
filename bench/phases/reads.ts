/** The read phases over phase 1's ledger: 3, traceBatch; 4, verifyChain; 6, EPCIS; R, nested reads vs PostGraphile. */
import { performance } from 'node:perf_hooks';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { rawSha256 } from '../baseline';
import { benchEpcisQuery } from '../epcis';
import { benchReads } from '../reads';
import { startServer } from '../server';
import { fmt, pct, summarize } from '../stats';
import { Bench, log, logWithLoad, machineLoad } from './context';
import { Ingest } from './ingest';

/** The issue's read comparison ran at 16 connections. */
export const READ_CLIENTS = 16;

const TRACE = `query Trace($product: String!, $batch: String!) {
  traceBatch(product: $product, batch: $batch, direction: UPSTREAM, maxDepth: 10) {
    truncated queries
    nodes { id depth quantity inTransit enterpriseCode warehouseCode productCode batch }
    edges { kind from to quantity outHash inHash productionHash }
  }
}`;
const VERIFY = `query Verify($code: CreditCode!, $cross: Boolean!) { verifyChain(creditCode: $code, crossCheck: $cross) { ok checked headSeq failure { seq reason message } disagreements { kind seq message } } }`;

/** A partner department's token (phases R and X). */
export const partnerToken = (bench: Bench): Promise<string> =>
  mintToken(bench.jwtSecret, { role: Role.PARTNER, subject: 'bench-partner', department: 'MARKET_SUPERVISION', expiresInSeconds: 86_400 });

/**
 * 3. traceBatch, 10 transformations upstream. The picks are traced twice, as phase 4 times verifyChain warm: a
 * server's first few dozen traces are slower (V8 compiling the walk's code, each backend its first walks), and
 * that pass's figures are printed beside the timed one, which the target reads.
 */
export async function traces(bench: Bench, ingest: Ingest): Promise<void> {
  const { options, api, regulator } = bench;
  const targets = ingest.workload.traceTargets;
  if (targets.length === 0) throw new Error('bench: no batch has 10 transformations upstream; use more rounds');
  const picks = Array.from({ length: options.traces }, (_, i) => targets[Math.floor((i * targets.length) / options.traces)]);
  log(`phase 3: ${picks.length} traceBatch UPSTREAM maxDepth 10, one client, of ${fmt(targets.length)} eligible batches, twice (load ${machineLoad()})`);
  type Trace = { traceBatch: { truncated: boolean; queries: number; nodes: { depth: number }[]; edges: unknown[] } };
  const pass = async () => {
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
    // Which calls were slow (call number, ms): the first ones, or scattered.
    const slowest = traceMs
      .map((ms, call) => ({ call, ms: Math.round(ms * 10) / 10, product: picks[call].product, batch: picks[call].batch }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    return { ...summarize(traceMs), deep, truncated, meanNodes: nodes / picks.length, meanEdges: edges / picks.length, meanQueries: queries / picks.length, slowest };
  };
  const first = await pass();
  const trace = await pass();
  log(`phase 3 done: p50 ${trace.p50.toFixed(1)} ms, p99 ${trace.p99.toFixed(1)} ms (first pass ${first.p50.toFixed(1)} / ${first.p99.toFixed(1)} ms); ${trace.deep}/${picks.length} reach depth 10; mean ${trace.meanNodes.toFixed(0)} nodes, ${trace.meanEdges.toFixed(0)} edges, ${trace.meanQueries.toFixed(0)} queries`);
  bench.rows.push({ metric: `3. traceBatch UPSTREAM 10 hops, p50`, measured: `${trace.p50.toFixed(1)} ms`, baseline: '', ratio: '', target: '', verdict: 'info' });
  bench.rows.push({ metric: `   traceBatch p99`, measured: `${trace.p99.toFixed(1)} ms`, baseline: '', ratio: '', target: '≤ 20 ms', verdict: trace.p99 <= 20 ? 'PASS' : 'MISS' });
  bench.rows.push({ metric: `   first pass after the server's start, p50 / p99`, measured: `${first.p50.toFixed(1)} / ${first.p99.toFixed(1)} ms`, baseline: '', ratio: '', target: '', verdict: 'info' });
  bench.results.trace = { ...trace, firstPass: first };
}

/** Phase 4 times each side for at least this long. */
const MIN_TIMED_MS = 1000;

/** 4. verifyChain on the server vs SHA-256 of the same canonical strings. */
export async function verifyChains(bench: Bench): Promise<void> {
  const { options, api, regulator, enterprises } = bench;
  const chains = enterprises.slice(0, Math.min(options.verifyChains, enterprises.length - 1)).map((e) => e.code);
  log(`phase 4: verifyChain of ${chains.length} chains, one client (load ${machineLoad()})`);
  type Verified = { verifyChain: { ok: boolean; checked: number; failure: { seq: number; reason: string; message: string } | null; disagreements: unknown[] } };
  // The chain as the spec says (crossCheck false, the figure of earlier runs), then with the cross-checks of issue #11.
  // One untimed pass over every chain first, then passes until a second has gone by: the server warm, as the raw hashing
  // it is compared with is, and a window long enough to time (ten 1,000-entry chains take under 0.1 s).
  const verifyAll = async (cross: boolean) => {
    const pass = async () => {
      let entries = 0;
      for (const code of chains) {
        const { verifyChain } = await api.request<Verified>(regulator, VERIFY, { code, cross });
        if (!verifyChain.ok) throw new Error(`bench: chain ${code} does not verify: ${JSON.stringify(verifyChain)}`);
        entries += verifyChain.checked;
      }
      return entries;
    };
    await pass();
    let entries = 0;
    const start = performance.now();
    do entries += await pass();
    while (performance.now() - start < MIN_TIMED_MS);
    return { entries, seconds: (performance.now() - start) / 1000 };
  };
  const { entries: verified, seconds: verifySeconds } = await verifyAll(false);
  const verifyRate = verified / verifySeconds;
  const crossChecked = await verifyAll(true);
  const crossRate = crossChecked.entries / crossChecked.seconds;
  const sha = await rawSha256(bench.databaseUrl, chains, MIN_TIMED_MS);
  const shaRate = sha.entries / sha.seconds;
  log(`phase 4 done: ${fmt(verified)} entries in ${verifySeconds.toFixed(2)} s = ${fmt(verifyRate)} entries/s (${fmt(crossRate)}/s with the cross-checks); raw SHA-256 ${fmt(shaRate)}/s`);
  bench.rows.push({
    metric: '4. verifyChain, entries/s',
    measured: fmt(verifyRate),
    baseline: fmt(shaRate),
    ratio: pct(verifyRate / shaRate),
    target: '≥ 25 %',
    verdict: verifyRate / shaRate >= 0.25 ? 'PASS' : 'MISS',
  });
  bench.rows.push({ metric: '   verifyChain with the cross-checks (crossCheck: true)', measured: fmt(crossRate), baseline: fmt(shaRate), ratio: pct(crossRate / shaRate), target: '', verdict: 'info' });
  bench.results.verify = { entries: verified, seconds: verifySeconds, rate: verifyRate, crossChecked: { ...crossChecked, rate: crossRate }, baseline: { ...sha, rate: shaRate } };
}

/** 6. The same entries as EPCIS events vs GraphQL movements (at most 20,000 of them). */
export async function epcisQuery(bench: Bench, ingest: Ingest): Promise<void> {
  log(`phase 6: EPCIS query vs GraphQL movements, one client (load ${machineLoad()})`);
  const epcis = await benchEpcisQuery(bench.server.url, bench.regulator, Math.min(20_000, ingest.entries));
  log(`phase 6 done: ${fmt((epcis.result as { epcisRate: number }).epcisRate)} events/s vs ${fmt((epcis.result as { gqlRate: number }).gqlRate)} entries/s`);
  bench.rows.push(...epcis.rows);
  bench.results.epcis = epcis.result;
}

/** R. Nested reads against PostGraphile on the same database (issue 12); BENCH_R_BEFORE_MAIN's build as a third side of the same rounds. */
export async function nestedReads(bench: Bench): Promise<void> {
  const beforeMain = process.env.BENCH_R_BEFORE_MAIN;
  log(`phase R: nested reads vs PostGraphile 5, ${READ_CLIENTS} clients, alternating rounds${beforeMain ? `, and ${beforeMain}` : ''} (load ${machineLoad()})`);
  // Requests only: the bench's own server keeps the log's integrator.
  const before = beforeMain ? await startServer(bench.databaseUrl, bench.jwtSecret, { LOG_INTEGRATE: 'false', JOBS_ENABLED: 'false' }, beforeMain) : undefined;
  try {
    const reads = await benchReads({
      databaseUrl: bench.databaseUrl,
      apiUrl: bench.server.url,
      beforeUrl: before?.url,
      tokens: { regulator: bench.regulator, partner: await partnerToken(bench) },
      concurrency: READ_CLIENTS,
      rounds: bench.options.size === 'full' ? 4 : 2,
      roundSeconds: bench.options.size === 'full' ? 10 : 4,
      log: logWithLoad,
    });
    bench.rows.push(...reads.rows);
    bench.results.reads = reads.result;
  } finally {
    await before?.stop();
  }
}
