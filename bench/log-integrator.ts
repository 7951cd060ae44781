/**
 * Bench phase 7c: the integrator alone (the server stopped), as it is and as
 * it was (bench/log-integrator-before.ts), on the same ledger in alternating
 * passes so that the machine's load falls on both alike. The log is emptied
 * as a superuser would, then caught up in passes of INTEGRATION_BATCH, one
 * pass of each kind in turn, each taking the next entries; then emptied again
 * and caught up to the last 30,000 entries, which are integrated in passes of
 * 500 entries each signing a checkpoint, as during an ingest.
 * Each pass's time is split into reading, hashing, signing, writing and
 * committing.
 */
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ormConfig } from '../src/db/orm-config';
import { entities } from '../src/entities';
import { INTEGRATION_BATCH, IntegrationPass, LogIntegrator } from '../src/ledger/log-integrator';
import { generateSigner } from '../src/proof/signed-note';
import { systemClock } from '../src/shared/clock';
import { integrateBefore } from './log-integrator-before';
import { fmt, Row, summarize } from './stats';

const STEADY_PASS = 500;
const STEADY_PASSES = 30;

type Phases = IntegrationPass['ms'];

async function emptyLog(sql: Client): Promise<void> {
  await sql.query('begin');
  for (const table of ['log_leaf', 'log_tile', 'log_checkpoint', 'log_cosignature']) {
    await sql.query(`alter table ${table} disable trigger user`);
    await sql.query(`truncate ${table}`);
    await sql.query(`alter table ${table} enable trigger user`);
  }
  await sql.query('commit');
}

class Tally {
  entries = 0;
  ms = 0;
  passes: number[] = [];
  phases: Phases = { read: 0, hash: 0, sign: 0, write: 0, commit: 0 };

  async time(run: () => Promise<IntegrationPass>): Promise<number> {
    const t = performance.now();
    const pass = await run();
    const ms = performance.now() - t;
    if (pass.entries === 0) return 0;
    this.entries += pass.entries;
    this.ms += ms;
    this.passes.push(ms);
    for (const phase of Object.keys(this.phases) as (keyof Phases)[]) this.phases[phase] += pass.ms[phase];
    return pass.entries;
  }

  /** Mean ms per pass of each phase: "read 412 / hash 380 / …". */
  split(): string {
    return Object.entries(this.phases).map(([phase, ms]) => `${phase} ${fmt(ms / this.passes.length)}`).join(' / ');
  }
}

export async function benchIntegrator(sql: Client, databaseUrl: string, ingestRate: number): Promise<{ rows: Row[]; result: Record<string, unknown> }> {
  const orm = await MikroORM.init(ormConfig(databaseUrl, entities, { pool: { min: 0, max: 4 } }));
  try {
    const integrator = new LogIntegrator(orm.em.fork(), generateSigner('bench.example/ledger'), systemClock);
    const now = new Tally();
    const before = new Tally();
    await emptyLog(sql);
    for (let more = true; more; ) {
      const a = await before.time(() => integrateBefore(orm.em, integrator, INTEGRATION_BATCH, false));
      const b = await now.time(() => integrator.integrate());
      more = a + b > 0;
    }
    await integrator.checkpoint();
    const steadyNow = new Tally();
    const steadyBefore = new Tally();
    await emptyLog(sql);
    for (let left = now.entries + before.entries - STEADY_PASSES * 2 * STEADY_PASS; left > 0; ) {
      left -= (await integrator.integrate({ limit: Math.min(left, INTEGRATION_BATCH) })).entries;
    }
    for (let pass = 0; pass < STEADY_PASSES; pass++) {
      await steadyBefore.time(() => integrateBefore(orm.em, integrator, STEADY_PASS, true));
      await steadyNow.time(() => integrator.integrate({ limit: STEADY_PASS, sign: true }));
    }
    const rate = now.entries / (now.ms / 1000);
    const rateBefore = before.entries / (before.ms / 1000);
    const steady = summarize(steadyNow.passes);
    const steadyThen = summarize(steadyBefore.passes);
    return {
      rows: [
        {
          metric: `7. integrator alone, backlog caught up in passes of ${fmt(INTEGRATION_BATCH)}, entries/s (baseline: as before, alternating passes)`,
          measured: fmt(rate),
          baseline: fmt(rateBefore),
          ratio: `${(rate / rateBefore).toFixed(1)} ×`,
          target: '',
          verdict: 'info',
        },
        { metric: '   mean ms a pass: read / hash / sign / write / commit', measured: now.split(), baseline: before.split(), ratio: '', target: '', verdict: 'info' },
        {
          metric: '   integrator alone, entries/s (baseline: batched ingest)',
          measured: fmt(rate),
          baseline: fmt(ingestRate),
          ratio: `${(rate / ingestRate).toFixed(1)} ×`,
          target: '≥ 5 ×',
          verdict: rate / ingestRate >= 5 ? 'PASS' : 'MISS',
        },
        {
          metric: `7. integrator pass of ${STEADY_PASS} entries signing a checkpoint, ${fmt(STEADY_PASSES * 2 * STEADY_PASS)} pending at first, p50 ms (baseline: as before)`,
          measured: fmt(steady.p50),
          baseline: fmt(steadyThen.p50),
          ratio: `${(steadyThen.p50 / steady.p50).toFixed(1)} ×`,
          target: '',
          verdict: 'info',
        },
        { metric: '   p99 ms', measured: fmt(steady.p99), baseline: fmt(steadyThen.p99), ratio: '', target: '', verdict: 'info' },
        { metric: '   mean ms a pass: read / hash / sign / write / commit', measured: steadyNow.split(), baseline: steadyBefore.split(), ratio: '', target: '', verdict: 'info' },
      ],
      result: {
        backlog: { entries: now.entries, seconds: now.ms / 1000, rate, phases: now.phases, passes: now.passes.length },
        backlogBefore: { entries: before.entries, seconds: before.ms / 1000, rate: rateBefore, phases: before.phases, passes: before.passes.length },
        steady: { ...steady, phases: steadyNow.phases },
        steadyBefore: { ...steadyThen, phases: steadyBefore.phases },
      },
    };
  } finally {
    await orm.close(true);
  }
}
