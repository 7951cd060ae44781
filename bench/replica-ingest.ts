/**
 * Bench phase X, writes with a replica attached (issue 18): phase 1's batched ingest, smaller, with
 * no replica streaming from the primary and with one, in alternating rounds; and how far the
 * replica's replay fell behind while it was attached, sampled on the primary every 100 ms.
 *
 * The replica is asynchronous, as docs/scaling.md deploys it: synchronous_commit stays `on` and
 * synchronous_standby_names empty, so a commit waits for the primary's own WAL flush and
 * read-your-writes waits for the replica's replay instead. Detached means its WAL receiver stopped
 * (primary_conninfo cleared): no WAL sender on the primary, nothing to replay; a replication slot
 * keeps the WAL it has not received, and it catches up, untimed, before its next round.
 */
import os from 'node:os';
import { Client } from 'pg';
import { adminUrl } from '../src/db/scratch-database';
import { startStreamingReplica, StreamingReplica } from '../test/support/streaming-replica';
import { runIngest } from './batched-ingest';
import { GraphQLClient } from './client';
import { connect, BenchEnterprise } from './setup';
import { fmt, pct, Row, summarize } from './stats';
import { Workload } from './workload';

export interface ReplicaIngestOptions {
  databaseUrl: string;
  api: GraphQLClient;
  enterprises: BenchEnterprise[];
  tokens: Map<string, string>;
  /** Entries a call and clients, as phase 1. */
  batch: number;
  concurrency: number;
  rounds: number;
  log: (message: string) => void;
}

const SAMPLE_MS = 100;
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
/** Slots of this bench are named after the process that made them: one whose process is gone is left over. */
const SLOT_PREFIX = 'hz_bench_replica_';

interface Sample {
  at: number;
  /** pg_stat_replication.replay_lag, null when the primary has nothing recent to time. */
  replayLagMs: number | null;
  primaryLsn: number;
  replayLsn: number;
}

export async function benchReplicaIngest(o: ReplicaIngestOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  // The replica helper finds its primary as the tests do.
  process.env.TEST_DATABASE_URL ??= adminUrl();
  const primary = await connect(adminUrl());
  // A replica stopped from outside must fail the phase, not the process: the slot is dropped on the way out.
  primary.on('error', () => undefined);
  const slot = `${SLOT_PREFIX}${process.pid}`;
  let replica: StreamingReplica | undefined;
  let step = 'starting the replica';
  try {
    const settings = (await primary.query<{ name: string; setting: string }>(`select name, setting from pg_settings where name in ('synchronous_commit', 'synchronous_standby_names')`)).rows;
    const commitMode = settings.map((s) => `${s.name} = '${s.setting}'`).join(', ');
    await dropLeftoverSlots(primary);
    replica = await startStreamingReplica();
    const standby = replica.url('postgres');
    const conninfo = (await once<{ primary_conninfo: string }>(standby, 'show primary_conninfo'))[0].primary_conninfo;
    await primary.query('select pg_create_physical_replication_slot($1, true)', [slot]);
    await once(standby, `alter system set primary_slot_name = '${slot}'`);
    const receive = async (on: boolean) => {
      await once(standby, `alter system set primary_conninfo = '${on ? conninfo.replace(/'/g, "''") : ''}'`);
      await once(standby, 'select pg_reload_conf()');
      await waitFor(async () => (await streaming(primary, replica!.port)) === on, `the replica ${on ? 'to stream' : 'to stop streaming'}`);
    };
    await receive(true);
    await replica.caughtUp();
    o.log(`X replica ingest: replica on port ${replica.port}, slot ${slot}, ${commitMode}`);

    const totals = { none: { entries: 0, seconds: 0 }, one: { entries: 0, seconds: 0 } };
    const samples: Sample[] = [];
    const rounds: Record<string, unknown>[] = [];
    for (let round = 0; round < o.rounds; round++) {
      for (const side of ['none', 'one'] as const) {
        step = `round ${round + 1}, ${side === 'one' ? 'attaching the replica' : 'detaching the replica'}`;
        await receive(side === 'one');
        if (side === 'one') await replica.caughtUp();
        // Two workload rounds of `concurrency` calls: every client busy, the second round receiving the first's shipments.
        const workload = new Workload(o.enterprises, 2 * o.concurrency * o.batch, o.batch, 2);
        step = `round ${round + 1}, ingest with ${side === 'one' ? '1 replica' : 'no replica'}`;
        const sampler = side === 'one' ? sampleLag(o.databaseUrl, replica.port) : null;
        const run = await runIngest(o.api, o.tokens, workload, o.concurrency, () => undefined).finally(() => sampler?.stop());
        if (sampler) samples.push(...(await sampler.samples));
        totals[side].entries += run.entries;
        totals[side].seconds += run.seconds;
        rounds.push({ round: round + 1, side, entries: run.entries, seconds: run.seconds, load: loadAverage() });
        o.log(`X replica ingest round ${round + 1}, ${side === 'one' ? '1 replica attached' : 'no replica'}: ${fmt(run.entries / run.seconds)} entries/s`);
      }
    }
    const rate = { none: totals.none.entries / totals.none.seconds, one: totals.one.entries / totals.one.seconds };
    const lag = lagFigures(samples);
    o.log(`X replica ingest: ${fmt(rate.one)} entries/s attached vs ${fmt(rate.none)} without (${pct(rate.one / rate.none)}); replay_lag p50 ${fmt(lag.replayLag.p50)} / p99 ${fmt(lag.replayLag.p99)} / max ${fmt(lag.replayLag.max)} ms; behind by LSN p99 ${fmt(lag.behindMs.p99)} ms, ${fmt(lag.behindBytes.p99 / 1024)} KiB`);
    const ms = (s: { p50: number; p99: number; max: number }) => `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`;
    return {
      rows: [
        {
          metric: `X. batched ingest with 1 streaming replica attached (baseline none), entries/s, ${o.rounds} alternating rounds`,
          measured: fmt(rate.one),
          baseline: fmt(rate.none),
          ratio: pct(rate.one / rate.none),
          target: '≥ 90 %',
          verdict: rate.one / rate.none >= 0.9 ? 'PASS' : 'MISS',
        },
        { metric: `   replica replay_lag during it, p50 / p99 / max (${fmt(lag.replayLag.n)} samples)`, measured: ms(lag.replayLag), baseline: '', ratio: '', target: '', verdict: 'info' },
        { metric: '   replica behind by LSN: time since the primary wrote past its replay, p50 / p99 / max', measured: ms(lag.behindMs), baseline: '', ratio: '', target: '', verdict: 'info' },
        { metric: '   replica behind by LSN, p99 / max', measured: `${fmt(lag.behindBytes.p99 / 1024)} / ${fmt(lag.behindBytes.max / 1024)} KiB`, baseline: '', ratio: '', target: '', verdict: 'info' },
      ],
      result: { commitMode, totals, rate, rounds, lag, sampleMs: SAMPLE_MS },
    };
  } catch (error) {
    throw new Error(`bench: X replica ingest failed at ${step}: ${(error as Error).message}`, { cause: error });
  } finally {
    await replica?.destroy();
    await waitFor(async () => (await primary.query('select 1 from pg_replication_slots where slot_name = $1 and active', [slot])).rowCount === 0, 'the slot to be released').catch(() => undefined);
    await primary.query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1 and not active', [slot]);
    await primary.end();
  }
}

/** One statement on its own connection (the replica's are short-lived: it may be restarted under the bench). */
async function once<T>(url: string, statement: string): Promise<T[]> {
  const client = await connect(url);
  client.on('error', () => undefined);
  try {
    return (await client.query(statement)).rows as T[];
  } finally {
    await client.end();
  }
}

async function streaming(primary: Client, port: number): Promise<boolean> {
  return (await primary.query(`select 1 from pg_stat_replication where application_name = $1 and state = 'streaming'`, [`hz_replica_${port}`])).rowCount! > 0;
}

async function dropLeftoverSlots(primary: Client): Promise<void> {
  const slots = (await primary.query<{ slot_name: string }>(`select slot_name from pg_replication_slots where slot_name like $1 and not active`, [`${SLOT_PREFIX}%`])).rows;
  for (const { slot_name: name } of slots) {
    const pid = Number(name.slice(SLOT_PREFIX.length));
    if (!alive(pid)) await primary.query('select pg_drop_replication_slot($1)', [name]);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Samples the replica's row of pg_stat_replication every 100 ms until stopped. */
function sampleLag(databaseUrl: string, port: number): { stop(): void; samples: Promise<Sample[]> } {
  let stopped = false;
  const samples = (async () => {
    const client = await connect(databaseUrl);
    client.on('error', () => undefined);
    const taken: Sample[] = [];
    try {
      while (!stopped) {
        const next = Date.now() + SAMPLE_MS;
        const { rows } = await client.query<{ replay_lag_ms: number | null; primary_lsn: number; replay_lsn: number }>(
          `select extract(epoch from replay_lag) * 1000 as replay_lag_ms,
                  pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 as primary_lsn, pg_wal_lsn_diff(replay_lsn, '0/0')::float8 as replay_lsn
             from pg_stat_replication where application_name = $1 and state = 'streaming'`,
          [`hz_replica_${port}`],
        );
        if (rows[0]?.replay_lsn != null) taken.push({ at: Date.now(), replayLagMs: rows[0].replay_lag_ms === null ? null : Number(rows[0].replay_lag_ms), primaryLsn: rows[0].primary_lsn, replayLsn: rows[0].replay_lsn });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
      return taken;
    } finally {
      await client.end();
    }
  })();
  return { stop: () => void (stopped = true), samples };
}

/**
 * The lag three ways: what PostgreSQL reports (replay_lag, timed from WAL flush to the standby's
 * reply); how long ago the primary first wrote past what the replica had replayed, from the samples
 * themselves (the measure the read rotation takes out of rotation on, here to 100 ms); and the bytes.
 */
function lagFigures(samples: Sample[]) {
  const behindMs: number[] = [];
  let first = 0;
  for (const s of samples) {
    while (first < samples.length && samples[first].primaryLsn <= s.replayLsn) first++;
    behindMs.push(first < samples.length && samples[first].at <= s.at && s.primaryLsn > s.replayLsn ? s.at - samples[first].at : 0);
  }
  return {
    replayLag: summarize(samples.map((s) => s.replayLagMs ?? 0)),
    behindMs: summarize(behindMs),
    behindBytes: summarize(samples.map((s) => s.primaryLsn - s.replayLsn)),
  };
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`bench: waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
