/**
 * Bench phase G (issue 12): single-entry recordMovements calls through a server with group commit
 * (GROUP_COMMIT=true) and one without (GROUP_COMMIT=false), both on the bench's database, in alternating
 * rounds, at 32 clients (one chain each) and at one client; next to raw single-row autocommit INSERTs of
 * the very rows each side wrote, by as many clients (bench/baseline.ts).
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { rawSingleInserts } from './baseline';
import { GraphQLClient } from './client';
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
const SIDES = ['off', 'on'] as const;
type Side = (typeof SIDES)[number];

interface Tally {
  calls: number;
  seconds: number;
  latenciesMs: number[];
  raw: { rows: number; seconds: number; latenciesMs: number[] };
}

const emptyTally = (): Tally => ({ calls: 0, seconds: 0, latenciesMs: [], raw: { rows: 0, seconds: 0, latenciesMs: [] } });

export async function benchGroupCommit(options: GroupCommitOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const servers: Partial<Record<Side, BenchServer>> = {};
  try {
    // Requests only, as a second process would be: the bench's own server keeps the log's integrator.
    for (const side of SIDES) {
      servers[side] = await startServer(options.databaseUrl, options.jwtSecret, { LOG_INTEGRATE: 'false', JOBS_ENABLED: 'false', GROUP_COMMIT: side === 'on' ? 'true' : 'false' });
    }
    const api = { off: new GraphQLClient(servers.off!.url), on: new GraphQLClient(servers.on!.url) };
    const many = { off: emptyTally(), on: emptyTally() };
    const one = { off: emptyTally(), on: emptyTally() };
    let serial = 0;
    const rawOf = async (before: string, tallies: Tally[], onlyChain?: string) => {
      const { rows: [{ id: after }] } = await options.sql.query<{ id: string }>('select max(id)::text as id from ledger_entry');
      const raw = await rawSingleInserts(options.databaseUrl, before, after, onlyChain);
      for (const tally of tallies) {
        tally.raw.rows += raw.rows;
        tally.raw.seconds += raw.seconds;
        tally.raw.latenciesMs.push(...raw.latenciesMs);
      }
    };
    const lastId = async () => (await options.sql.query<{ id: string }>('select coalesce(max(id), 0)::text as id from ledger_entry')).rows[0].id;
    const call = async (side: Side, enterprise: BenchEnterprise, client: number, k: number, tally: Tally) => {
      const t = performance.now();
      const input = { requestId: `group-${side}-${client}-${k}-${crypto.randomUUID()}`, entries: [singleEntry(enterprise, client, k)] };
      await api[side].request(options.tokens.get(enterprise.code)!, RECORD, { input });
      tally.latenciesMs.push(performance.now() - t);
    };
    // 32 clients, one chain each, on one side; then the raw INSERTs of the rows they wrote, by as many clients.
    const many32 = async (side: Side, calls: number, tally: Tally) => {
      const before = await lastId();
      const round = serial++;
      const started = performance.now();
      await Promise.all(
        options.enterprises.slice(0, options.clients).map(async (enterprise, client) => {
          for (let k = 0; k < calls; k++) await call(side, enterprise, 1000 + round * 100 + client, k, tally);
        }),
      );
      tally.seconds += (performance.now() - started) / 1000;
      tally.calls += options.clients * calls;
      await rawOf(before, [tally]);
    };
    // One client, its calls alternating between the sides call by call (each side on a chain of its own),
    // so that both meet the same load on this shared machine; then one raw client INSERTs one side's rows.
    const single = async (calls: number) => {
      const before = await lastId();
      const round = serial++;
      const chains = { off: options.enterprises[options.clients], on: options.enterprises[options.clients + 1] };
      for (let k = 0; k < calls; k++) {
        for (const side of k % 2 === 0 ? SIDES : [...SIDES].reverse()) {
          const started = performance.now();
          await call(side, chains[side], 1000 + round * 100, k, one[side]);
          one[side].seconds += (performance.now() - started) / 1000;
          one[side].calls++;
        }
      }
      await rawOf(before, [one.off, one.on], chains.on.code);
    };
    // Warm both servers (plans, prepared statements, JIT) before anything is timed.
    for (const side of SIDES) await many32(side, 2, emptyTally());
    for (let r = 0; r < options.rounds; r++) {
      const order: Side[] = r % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
      for (const side of order) await many32(side, options.calls, many[side]);
      await single(options.calls * 4);
      options.log(`G round ${r + 1}/${options.rounds}: ${options.clients} clients ${fmt(rate(many.off))} calls/s off, ${fmt(rate(many.on))} on; one client p50 ${p50(one.off)} ms off, ${p50(one.on)} on`);
    }
    return report(options.clients, many, one);
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}

const rate = (t: Tally) => t.calls / t.seconds;
const rawRate = (t: Tally) => t.raw.rows / t.raw.seconds;
const p50 = (t: Tally) => summarize(t.latenciesMs).p50.toFixed(1);

function report(clients: number, many: Record<Side, Tally>, one: Record<Side, Tally>): { rows: Row[]; result: Record<string, unknown> } {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const rows: Row[] = [];
  for (const [label, tallies] of [[`${clients} clients`, many], ['1 client', one]] as const) {
    const concurrent = tallies === many;
    const lat = { off: summarize(tallies.off.latenciesMs), on: summarize(tallies.on.latenciesMs) };
    const raw = summarize([...tallies.off.raw.latenciesMs, ...tallies.on.raw.latenciesMs]);
    const rawCalls = (tallies.off.raw.rows + tallies.on.raw.rows) / (tallies.off.raw.seconds + tallies.on.raw.seconds);
    rows.push(
      { metric: `G. single-entry calls, ${label}, group commit on, calls/s (baseline raw INSERTs)`, measured: fmt(rate(tallies.on)), baseline: fmt(rawCalls), ratio: pct(rate(tallies.on) / rawCalls), target: concurrent ? '≥ 25 %' : '', verdict: !concurrent ? 'info' : rate(tallies.on) / rawCalls >= 0.25 ? 'PASS' : 'MISS' },
      { metric: `   ${label}, group commit off, calls/s (baseline raw INSERTs)`, measured: fmt(rate(tallies.off)), baseline: fmt(rawCalls), ratio: pct(rate(tallies.off) / rawCalls), target: '', verdict: 'info' },
      { metric: `   ${label}, calls/s on (baseline off)`, measured: fmt(rate(tallies.on)), baseline: fmt(rate(tallies.off)), ratio: `${(rate(tallies.on) / rate(tallies.off)).toFixed(2)} ×`, target: '', verdict: 'info' },
      { metric: `   ${label}, p50 on (baseline off; raw ${ms(raw.p50)})`, measured: ms(lat.on.p50), baseline: ms(lat.off.p50), ratio: `${(lat.on.p50 / lat.off.p50).toFixed(2)} ×`, target: concurrent ? '' : '≤ 1.00 ×', verdict: concurrent ? 'info' : lat.on.p50 <= lat.off.p50 ? 'PASS' : 'MISS' },
      { metric: `   ${label}, p99 on (baseline raw; off ${ms(lat.off.p99)})`, measured: ms(lat.on.p99), baseline: ms(raw.p99), ratio: `${(lat.on.p99 / raw.p99).toFixed(2)} ×`, target: concurrent ? '≤ 4 ×' : '', verdict: !concurrent ? 'info' : lat.on.p99 <= 4 * raw.p99 ? 'PASS' : 'MISS' },
    );
  }
  const summary = (t: Tally) => ({ calls: t.calls, seconds: t.seconds, rate: rate(t), latency: summarize(t.latenciesMs), raw: { rows: t.raw.rows, seconds: t.raw.seconds, rate: rawRate(t), latency: summarize(t.raw.latenciesMs) } });
  return { rows, result: { clients, many: { off: summary(many.off), on: summary(many.on) }, one: { off: summary(one.off), on: summary(one.on) } } };
}
