/**
 * Bench phase G (issue 12): single-entry recordMovements calls through a server with group commit
 * (GROUP_COMMIT=true) and one without (GROUP_COMMIT=false), both on the bench's database, in alternating
 * rounds, at 32 clients (one chain each) and at one client; next to raw single-row autocommit INSERTs of
 * the very rows each side wrote, by as many clients (bench/baseline.ts). In the same rounds, two no-op
 * calls through the group-commit server show what HTTP and GraphQL cost before the ledger: `{ __typename }`
 * and the same mutation with the same input skipped (`@skip(if: true)`: authenticated, parsed, validated,
 * costed and its variables coerced, no resolver run). With BENCH_G_BEFORE_MAIN (another build's
 * dist/src/main.js, e.g. main's, copied to dist-before/) a third server, "before", runs that build with
 * group commit in the same rounds, so a change is measured against the code before it under the same load;
 * BENCH_G_BEFORE_NODE_OPTIONS and BENCH_G_BEFORE_ENV ("NAME=value …") run it (this build, unless
 * BENCH_G_BEFORE_MAIN says another) with node options after npm start's, or settings, of its own. Every workload runs untimed for BENCH_G_WARM_SECONDS
 * (5) first. Each workload's CPU a call is read from /proc (bench/cpu-split.ts): the server's, PostgreSQL's, the
 * bench's clients', and the machine's, with the rate at which that cost would take every core.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { rawSingleInserts } from './baseline';
import { GraphQLClient } from './client';
import { addCpu, CpuReading, describeCpu, noCpu, readCpu } from './cpu-split';
import { BenchServer, startServer } from './server';
import { BenchEnterprise } from './setup';
import { fmt, pct, Row, summarize } from './stats';
import { singleEntry } from './workload';

export interface GroupCommitOptions {
  databaseUrl: string;
  jwtSecret: string;
  sql: Client;
  enterprises: BenchEnterprise[];
  tokens: Map<string, string>;
  clients: number;
  /** Calls a client makes in a round. */
  calls: number;
  rounds: number;
  log: (message: string) => void;
}

const RECORD = `mutation Record($input: RecordMovementsInput!) { recordMovements(input: $input) { replayed entries { seq hash } } }`;
const NOOP = `mutation Record($input: RecordMovementsInput!, $skip: Boolean!) { recordMovements(input: $input) @skip(if: $skip) { replayed entries { seq hash } } }`;
const TYPENAME = `{ __typename }`;
/** Seconds each workload runs untimed first (BENCH_G_WARM_SECONDS). */
const WARM_SECONDS = Number(process.env.BENCH_G_WARM_SECONDS) || 5;
type Side = 'before' | 'off' | 'on';
type Kind = 'record' | 'noop' | 'typename';
const KINDS: Record<Kind, string> = { record: 'recordMovements', noop: 'no-op mutation (skipped, same input)', typename: '{ __typename }' };

interface Tally {
  calls: number;
  seconds: number;
  latenciesMs: number[];
  cpu: CpuReading;
  raw: { rows: number; seconds: number; latenciesMs: number[]; cpu: CpuReading };
}

const emptyTally = (): Tally => ({ calls: 0, seconds: 0, latenciesMs: [], cpu: noCpu(), raw: { rows: 0, seconds: 0, latenciesMs: [], cpu: noCpu() } });
const key = (side: Side, kind: Kind) => `${kind}@${side}`;

export async function benchGroupCommit(options: GroupCommitOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const beforeOptions = (process.env.BENCH_G_BEFORE_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const beforeEnv = Object.fromEntries((process.env.BENCH_G_BEFORE_ENV ?? '').split(' ').filter(Boolean).map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
  const beforeMain = process.env.BENCH_G_BEFORE_MAIN ?? (beforeOptions.length || Object.keys(beforeEnv).length ? 'dist/src/main.js' : undefined);
  const sides: Side[] = beforeMain ? ['before', 'off', 'on'] : ['off', 'on'];
  const workloads: [Side, Kind][] = [...sides.map((s): [Side, Kind] => [s, 'record']), ['on', 'noop'], ['on', 'typename'], ...(beforeMain ? ([['before', 'noop'], ['before', 'typename']] as [Side, Kind][]) : [])];
  if (options.enterprises.length < options.clients + sides.length) throw new Error(`bench: phase G needs ${sides.length} enterprises more than its clients`);
  const servers: Partial<Record<Side, BenchServer>> = {};
  try {
    // Requests only, as a second process would be: the bench's own server keeps the log's integrator. "off" starts
    // last: in A/A runs the last-started server's first record window cost up to 1.4 × the CPU a call, and "off" is
    // compared with "on" only for information. Which of "before" and "on" starts first is drawn, and printed, so
    // that what is left of the start order's effect falls on either side across runs.
    const compared = sides.filter((s) => s !== 'off');
    const startOrder = [...(Math.random() < 0.5 ? compared : compared.reverse()), 'off'] as Side[];
    options.log(`G servers started in the order ${startOrder.join(', ')}`);
    for (const side of startOrder) {
      const env = { LOG_INTEGRATE: 'false', JOBS_ENABLED: 'false', GROUP_COMMIT: side === 'off' ? 'false' : 'true', ...(side === 'before' ? beforeEnv : {}) };
      servers[side] = await startServer(options.databaseUrl, options.jwtSecret, env, side === 'before' ? beforeMain : undefined, side === 'before' ? beforeOptions : []);
    }
    const api = Object.fromEntries(sides.map((s) => [s, new GraphQLClient(servers[s]!.url)])) as Record<Side, GraphQLClient>;
    const many = new Map(workloads.map(([s, k]) => [key(s, k), emptyTally()]));
    const one = new Map(sides.map((s) => [s, emptyTally()]));
    let serial = 0;
    const lastId = async () => (await options.sql.query<{ id: string }>('select coalesce(max(id), 0)::text as id from ledger_entry')).rows[0].id;
    const rawOf = async (before: string, tallies: Tally[], onlyChain?: string) => {
      const after = await lastId();
      let cpuBefore = noCpu();
      let cpuAfter = noCpu();
      const timed = { start: () => (cpuBefore = readCpu(servers.on!.pid)), end: () => (cpuAfter = readCpu(servers.on!.pid)) };
      const raw = await rawSingleInserts(options.databaseUrl, before, after, onlyChain, timed);
      for (const tally of tallies) {
        addCpu(tally.raw.cpu, cpuBefore, cpuAfter);
        tally.raw.rows += raw.rows;
        tally.raw.seconds += raw.seconds;
        tally.raw.latenciesMs.push(...raw.latenciesMs);
      }
    };
    const call = async (side: Side, kind: Kind, enterprise: BenchEnterprise, client: number, k: number, tally: Tally) => {
      const token = options.tokens.get(enterprise.code)!;
      const input = { requestId: `group-${side}-${client}-${k}-${crypto.randomUUID()}`, entries: [singleEntry(enterprise, client, k)] };
      const t = performance.now();
      if (kind === 'record') await api[side].request(token, RECORD, { input });
      else if (kind === 'noop') await api[side].request(token, NOOP, { input, skip: true });
      else await api[side].request(token, TYPENAME);
      tally.latenciesMs.push(performance.now() - t);
    };
    // 32 clients, one chain each, on one workload; then the raw INSERTs of the rows they wrote, by as many clients.
    const many32 = async (side: Side, kind: Kind, calls: number, tally: Tally) => {
      const before = await lastId();
      const round = serial++;
      const started = performance.now();
      const cpuBefore = readCpu(servers[side]!.pid);
      await Promise.all(
        options.enterprises.slice(0, options.clients).map(async (enterprise, client) => {
          for (let k = 0; k < calls; k++) await call(side, kind, enterprise, 1000 + round * 100 + client, k, tally);
        }),
      );
      tally.seconds += (performance.now() - started) / 1000;
      addCpu(tally.cpu, cpuBefore, readCpu(servers[side]!.pid));
      tally.calls += options.clients * calls;
      if (kind === 'record') await rawOf(before, [tally]);
    };
    // One client, its calls alternating between the sides call by call (each side on a chain of its own, the
    // chains passed round from one round to the next: chains with other histories answered one client's calls
    // 1.4 × apart, same build), so that all meet the same load on this shared machine; then one raw client
    // INSERTs one side's rows.
    const single = async (calls: number, turn: number) => {
      const before = await lastId();
      const round = serial++;
      const chainOf = (side: Side) => options.enterprises[options.clients + ((sides.indexOf(side) + turn) % sides.length)];
      for (let k = 0; k < calls; k++) {
        const order = k % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const chain = chainOf(side);
          const started = performance.now();
          await call(side, 'record', chain, 1000 + round * 100, k, one.get(side)!);
          one.get(side)!.seconds += (performance.now() - started) / 1000;
          one.get(side)!.calls++;
        }
      }
      await rawOf(before, [...one.values()], chainOf('on').code);
    };
    // Warm every server (plans, prepared statements, V8's optimizing compiler) before anything is timed: a
    // server's first few thousand calls ran up to 1.4 × slower than its later ones, V8 still compiling.
    for (const [side, kind] of workloads) {
      const warming = performance.now();
      while (performance.now() - warming < WARM_SECONDS * 1000) await many32(side, kind, 10, emptyTally());
    }
    for (let r = 0; r < options.rounds; r++) {
      // Each round starts one workload further on, so none is always first or last, and every other round runs
      // them in the reverse order, so none always follows the same one: with the order only turned, the server
      // after "off"'s slow writes was measured slower (two identical servers 0.95 × apart, 7 % more CPU a call).
      const turned = workloads.map((_, i) => workloads[(i + r) % workloads.length]);
      const order = r % 2 === 0 ? turned : turned.reverse();
      // The no-op calls are cheaper: three times as many give them a window as long as the real calls'.
      for (const [side, kind] of order) await many32(side, kind, kind === 'record' ? options.calls : options.calls * 3, many.get(key(side, kind))!);
      await single(options.calls * 4, r);
      const rates = workloads.map(([s, k]) => `${k}@${s} ${fmt(rate(many.get(key(s, k))!))}`).join(', ');
      options.log(`G round ${r + 1}/${options.rounds}: ${options.clients} clients, calls/s ${rates}; one client p50 ${sides.map((s) => `${s} ${p50(one.get(s)!)}`).join(', ')} ms`);
    }
    return report(options.clients, sides, workloads, many, one);
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}

const rate = (t: Tally) => t.calls / t.seconds;
const p50 = (t: Tally) => summarize(t.latenciesMs).p50.toFixed(1);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const times = (n: number) => `${n.toFixed(2)} ×`;

function report(clients: number, sides: Side[], workloads: [Side, Kind][], many: Map<string, Tally>, one: Map<Side, Tally>): { rows: Row[]; result: Record<string, unknown> } {
  const rows: Row[] = [];
  for (const concurrent of [true, false]) {
    const label = concurrent ? `${clients} clients` : '1 client';
    const get = (s: Side) => (concurrent ? many.get(key(s, 'record'))! : one.get(s)!);
    const all = sides.map(get);
    const raw = summarize(all.flatMap((t) => t.raw.latenciesMs));
    const rawCalls = all.reduce((n, t) => n + t.raw.rows, 0) / all.reduce((n, t) => n + t.raw.seconds, 0);
    const on = get('on');
    const off = get('off');
    const lat = { on: summarize(on.latenciesMs), off: summarize(off.latenciesMs) };
    rows.push(
      { metric: `G. single-entry calls, ${label}, group commit on, calls/s (baseline raw INSERTs)`, measured: fmt(rate(on)), baseline: fmt(rawCalls), ratio: pct(rate(on) / rawCalls), target: concurrent ? '≥ 25 %' : '', verdict: !concurrent ? 'info' : rate(on) / rawCalls >= 0.25 ? 'PASS' : 'MISS' },
      { metric: `   ${label}, group commit off, calls/s (baseline raw INSERTs)`, measured: fmt(rate(off)), baseline: fmt(rawCalls), ratio: pct(rate(off) / rawCalls), target: '', verdict: 'info' },
      { metric: `   ${label}, calls/s on (baseline off)`, measured: fmt(rate(on)), baseline: fmt(rate(off)), ratio: times(rate(on) / rate(off)), target: '', verdict: 'info' },
    );
    if (sides.includes('before')) {
      const before = get('before');
      const latBefore = summarize(before.latenciesMs);
      rows.push(
        { metric: `   ${label}, calls/s on (baseline the before build, group commit on)`, measured: fmt(rate(on)), baseline: fmt(rate(before)), ratio: times(rate(on) / rate(before)), target: '', verdict: 'info' },
        { metric: `   ${label}, p50 / p99 on (baseline before)`, measured: `${ms(lat.on.p50)} / ${ms(lat.on.p99)}`, baseline: `${ms(latBefore.p50)} / ${ms(latBefore.p99)}`, ratio: times(lat.on.p50 / latBefore.p50), target: '', verdict: 'info' },
      );
    }
    rows.push(
      { metric: `   ${label}, p50 on (baseline off; raw ${ms(raw.p50)})`, measured: ms(lat.on.p50), baseline: ms(lat.off.p50), ratio: times(lat.on.p50 / lat.off.p50), target: concurrent ? '' : '≤ 1.00 ×', verdict: concurrent ? 'info' : lat.on.p50 <= lat.off.p50 ? 'PASS' : 'MISS' },
      { metric: `   ${label}, p99 on (baseline raw; off ${ms(lat.off.p99)})`, measured: ms(lat.on.p99), baseline: ms(raw.p99), ratio: times(lat.on.p99 / raw.p99), target: concurrent ? '≤ 4 ×' : '', verdict: !concurrent ? 'info' : lat.on.p99 <= 4 * raw.p99 ? 'PASS' : 'MISS' },
    );
  }
  // What a call costs before the ledger: the group-commit server's no-op calls next to its real ones.
  for (const side of sides.filter((s) => s !== 'off')) {
    const tally = (kind: Kind) => many.get(key(side, kind));
    const record = tally('record')!;
    const noop = tally('noop');
    const typename = tally('typename');
    if (!noop || !typename) continue;
    const lat = (t: Tally) => summarize(t.latenciesMs);
    rows.push(
      { metric: `   ${clients} clients, ${side}: recordMovements calls/s (baseline ${KINDS.noop})`, measured: fmt(rate(record)), baseline: fmt(rate(noop)), ratio: pct(rate(record) / rate(noop)), target: side === 'on' ? '≥ 70 %' : '', verdict: side !== 'on' ? 'info' : rate(record) / rate(noop) >= 0.7 ? 'PASS' : 'MISS' },
      { metric: `   ${clients} clients, ${side}: ${KINDS.noop} calls/s (baseline ${KINDS.typename})`, measured: fmt(rate(noop)), baseline: fmt(rate(typename)), ratio: pct(rate(noop) / rate(typename)), target: side === 'on' ? '≥ 60 %' : '', verdict: side !== 'on' ? 'info' : rate(noop) / rate(typename) >= 0.6 ? 'PASS' : 'MISS' },
      { metric: `   ${clients} clients, ${side}: p50 / p99 no-op, __typename`, measured: `${ms(lat(noop).p50)} / ${ms(lat(noop).p99)}`, baseline: `${ms(lat(typename).p50)} / ${ms(lat(typename).p99)}`, ratio: '', target: '', verdict: 'info' },
    );
  }
  // Where the CPU went (every PostgreSQL process, the server's, the bench's clients'): a call's cost beside a raw INSERT's.
  const recordOn = many.get(key('on', 'record'))!;
  const cpuRows: [string, CpuReading, number][] = [
    ['raw single-row INSERTs', recordOn.raw.cpu, recordOn.raw.rows],
    ...workloads.map(([s, k]): [string, CpuReading, number] => [`${KINDS[k]}, ${s}`, many.get(key(s, k))!.cpu, many.get(key(s, k))!.calls]),
  ];
  for (const [what, cpu, calls] of cpuRows) rows.push({ metric: `   ${clients} clients, CPU: ${what}`, measured: describeCpu(cpu, calls), baseline: '', ratio: '', target: '', verdict: 'info' });
  const summary = (t: Tally) => ({ calls: t.calls, seconds: t.seconds, rate: rate(t), latency: summarize(t.latenciesMs), raw: { rows: t.raw.rows, seconds: t.raw.seconds, rate: t.raw.rows / t.raw.seconds, latency: summarize(t.raw.latenciesMs) } });
  return {
    rows,
    result: {
      clients,
      many: Object.fromEntries(workloads.map(([s, k]) => [key(s, k), summary(many.get(key(s, k))!)])),
      one: Object.fromEntries(sides.map((s) => [s, summary(one.get(s)!)])),
    },
  };
}
