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
import { runIngest } from './batched-ingest';
import { GraphQLClient } from './client';
import { lagFigures, lagRows, Sample, SAMPLE_MS, sampleLag, SlottedReplica, startSlottedReplica } from './replica-lag';
import { BenchEnterprise } from './setup';
import { fmt, pct, Row } from './stats';
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

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export async function benchReplicaIngest(o: ReplicaIngestOptions): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  let attached: SlottedReplica | undefined;
  let step = 'starting the replica';
  try {
    attached = await startSlottedReplica();
    const { primary, replica, slot, receive } = attached;
    const settings = (await primary.query<{ name: string; setting: string }>(`select name, setting from pg_settings where name in ('synchronous_commit', 'synchronous_standby_names')`)).rows;
    const commitMode = settings.map((s) => `${s.name} = '${s.setting}'`).join(', ');
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
        ...lagRows(lag),
      ],
      result: { commitMode, totals, rate, rounds, lag, sampleMs: SAMPLE_MS },
    };
  } catch (error) {
    throw new Error(`bench: X replica ingest failed at ${step}: ${(error as Error).message}`, { cause: error });
  } finally {
    await attached?.destroy();
  }
}

