/**
 * A streaming replica's lag as the primary sees it (issue 18), shared by phase X's ingest rounds
 * (bench/replica-ingest.ts) and `--replica`, which keeps one replica attached through the whole of
 * phase 1's ingest (the full size's 1,000,000 entries): pg_stat_replication sampled every 100 ms.
 */
import { Client } from 'pg';
import { adminUrl } from '../src/db/scratch-database';
import { startStreamingReplica, StreamingReplica } from '../test/support/streaming-replica';
import { connect } from './setup';
import { fmt, Row, summarize } from './stats';

export const SAMPLE_MS = 100;
/** Slots of this bench are named after the process that made them: one whose process is gone is left over. */
const SLOT_PREFIX = 'hz_bench_replica_';

export interface Sample {
  at: number;
  /** pg_stat_replication.replay_lag, null when the primary has nothing recent to time. */
  replayLagMs: number | null;
  primaryLsn: number;
  replayLsn: number;
}

/** A replica streaming from the primary through a physical slot of this process, so a slow replay never loses WAL. */
export interface SlottedReplica {
  primary: Client;
  replica: StreamingReplica;
  slot: string;
  /** Starts or stops its WAL receiver and waits until the primary sees it so. */
  receive(on: boolean): Promise<void>;
  destroy(): Promise<void>;
}

export async function startSlottedReplica(): Promise<SlottedReplica> {
  // The replica helper finds its primary as the tests do.
  process.env.TEST_DATABASE_URL ??= adminUrl();
  const primary = await connect(adminUrl());
  // A replica stopped from outside must fail the phase, not the process: the slot is dropped on the way out.
  primary.on('error', () => undefined);
  const slot = `${SLOT_PREFIX}${process.pid}`;
  let replica: StreamingReplica | undefined;
  const destroy = async () => {
    await replica?.destroy();
    await waitFor(async () => (await primary.query('select 1 from pg_replication_slots where slot_name = $1 and active', [slot])).rowCount === 0, 'the slot to be released').catch(() => undefined);
    await primary.query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1 and not active', [slot]);
    await primary.end();
  };
  try {
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
    return { primary, replica, slot, receive, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/** `--replica`: one replica attached from before phase 1's ingest to its end, its lag sampled throughout. */
export async function watchReplicaLag(databaseUrl: string, log: (message: string) => void): Promise<{ stop(entries: number): Promise<{ rows: Row[]; result: Record<string, unknown> }> }> {
  const attached = await startSlottedReplica();
  log(`replica on port ${attached.replica.port}, slot ${attached.slot}, attached for phase 1's ingest`);
  const sampler = sampleLag(databaseUrl, attached.replica.port);
  return {
    async stop(entries: number) {
      sampler.stop();
      const samples = await sampler.samples;
      const caughtUpFrom = Date.now();
      await attached.replica.caughtUp();
      const tailMs = Date.now() - caughtUpFrom;
      await attached.destroy();
      const lag = lagFigures(samples);
      log(`replica during phase 1: replay_lag p50 ${fmt(lag.replayLag.p50)} / p99 ${fmt(lag.replayLag.p99)} / max ${fmt(lag.replayLag.max)} ms; behind by LSN p99 ${fmt(lag.behindMs.p99)} ms; caught up ${fmt(tailMs)} ms after the last call`);
      return {
        rows: [
          { metric: `X. replica lag during phase 1's ingest (${fmt(entries)} entries, 1 streaming replica attached throughout)`, measured: '', baseline: '', ratio: '', target: '', verdict: 'info' },
          ...lagRows(lag),
          { metric: '   replica caught up after the ingest\'s last answer', measured: `${fmt(tailMs)} ms`, baseline: '', ratio: '', target: '', verdict: 'info' },
        ],
        result: { lag, tailMs, samples: samples.length, sampleMs: SAMPLE_MS },
      };
    },
  };
}

export function lagRows(lag: ReturnType<typeof lagFigures>): Row[] {
  const ms = (s: { p50: number; p99: number; max: number }) => `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`;
  return [
    { metric: `   replica replay_lag, p50 / p99 / max (${fmt(lag.replayLag.n)} samples)`, measured: ms(lag.replayLag), baseline: '', ratio: '', target: '', verdict: 'info' },
    { metric: '   replica behind by LSN: time since the primary wrote past its replay, p50 / p99 / max', measured: ms(lag.behindMs), baseline: '', ratio: '', target: '', verdict: 'info' },
    { metric: '   replica behind by LSN, p99 / max', measured: `${fmt(lag.behindBytes.p99 / 1024)} / ${fmt(lag.behindBytes.max / 1024)} KiB`, baseline: '', ratio: '', target: '', verdict: 'info' },
  ];
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
export function sampleLag(databaseUrl: string, port: number): { stop(): void; samples: Promise<Sample[]> } {
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
export function lagFigures(samples: Sample[]) {
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
