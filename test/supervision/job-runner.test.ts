import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import { DEFAULT_JOB_SCHEDULES } from '../../src/config';
import { fixedClock } from '../../src/shared/clock';
import { JobDefinition } from '../../src/supervision/job-definition';
import { JobRun } from '../../src/supervision/job-run.entity';
import { JobRunner } from '../../src/supervision/job-runner';
import { checkSchedules, JobScheduler } from '../../src/supervision/job-scheduler';
import { SUPERVISION_JOBS } from '../../src/supervision/supervision-jobs';
import { JobRunStatus, JobTrigger } from '../../src/supervision/supervision.enums';
import { codes, createTestApi } from '../support/api';
import { expectPaged } from '../support/connection-paging';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, regulator } from '../support/fixtures';
import { secondOrm, silentLogger, testConfig, testRunner } from '../support/supervision-fixtures';

let db: TestDatabase;
let other: MikroORM;
const clock = fixedClock('2026-11-26T02:00:00.000Z');

beforeAll(async () => {
  db = await openTestDatabase();
  other = await secondOrm(db);
});
afterAll(async () => {
  await other.close(true);
  await db.close();
});

const runsOf = (job: string) => db.orm.em.fork().find(JobRun, { job }, { orderBy: { id: 'asc' } });

/** A job that takes `ms` and counts its runs. */
function slowJob(name: string, ms: number): JobDefinition & { runs: number } {
  const job = {
    name,
    description: 'test',
    runs: 0,
    async run() {
      job.runs += 1;
      await sleep(ms);
      return { slept: ms };
    },
  };
  return job;
}

describe('the runner', () => {
  it('records a run: trigger, start and end by the clock, counts, progress', async () => {
    const job: JobDefinition = {
      name: 'test-items',
      description: 'test',
      async run(ctx) {
        await ctx.forEachItem([1, 2, 3, 4], (n) => `item ${n}`, async (n) => {
          if (n === 3) throw new Error('bad enterprise');
          ctx.count('done');
        });
        return { seen: 4 };
      },
    };
    const progress: [number, number][] = [];
    const run = await testRunner(db, clock, { jobs: [job] }).run('test-items', { trigger: JobTrigger.CLI, onProgress: (d, t) => progress.push([d, t]) });
    expect(run).toMatchObject({ status: JobRunStatus.SUCCEEDED, trigger: JobTrigger.CLI, counts: { done: 3, seen: 4, failed: 1 } });
    expect(run!.error).toContain('item 3: bad enterprise');
    expect(progress).toEqual([[0, 4], [1, 4], [2, 4], [3, 4], [4, 4]]);
    const [stored] = await runsOf('test-items');
    expect(stored).toMatchObject({ status: JobRunStatus.SUCCEEDED, progressDone: 4, progressTotal: 4, counts: { done: 3, seen: 4, failed: 1 } });
    expect(stored.startedAt.toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(stored.finishedAt!.toISOString()).toBe('2026-11-26T02:00:00.000Z');
  });

  it('records a failed run with its error and the counts so far', async () => {
    const job: JobDefinition = {
      name: 'test-fails',
      description: 'test',
      async run(ctx) {
        ctx.count('before', 2);
        throw new Error('database gone');
      },
    };
    const run = await testRunner(db, clock, { jobs: [job] }).run('test-fails', { trigger: JobTrigger.MANUAL, requestedBy: 'r' });
    expect(run).toMatchObject({ status: JobRunStatus.FAILED, error: 'database gone', counts: { before: 2 } });
  });

  it('refuses an unknown job by name', async () => {
    await expect(testRunner(db, clock).run('nope', { trigger: JobTrigger.CLI })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('a manual start while another process runs the job is recorded SKIPPED; a cron start records nothing', async () => {
    const job = slowJob('test-slow', 600);
    const first = testRunner(db, clock, { jobs: [job], instance: 'a' });
    const second = testRunner({ orm: other }, clock, { jobs: [job], instance: 'b' });
    const running = await first.start('test-slow', { trigger: JobTrigger.CLI });
    expect(running.run!.status).toBe(JobRunStatus.RUNNING);
    const skipped = await second.run('test-slow', { trigger: JobTrigger.MANUAL, requestedBy: 'REGULATOR:r' });
    expect(skipped).toMatchObject({ status: JobRunStatus.SKIPPED, instance: 'b' });
    expect(await second.run('test-slow', { trigger: JobTrigger.CRON, scheduledFor: clock.now() })).toBeNull();
    expect((await running.finished)!.status).toBe(JobRunStatus.SUCCEEDED);
    expect(job.runs).toBe(1);
    expect((await runsOf('test-slow')).map((r) => r.status)).toEqual([JobRunStatus.SUCCEEDED, JobRunStatus.SKIPPED]);
  });

  it('closes a run left RUNNING by a process that died', async () => {
    const em = db.orm.em.fork();
    em.create(JobRun, { job: 'test-dead', trigger: JobTrigger.CRON, status: JobRunStatus.RUNNING, instance: 'gone:1', startedAt: clock.now(), counts: {} });
    await em.flush();
    const job = slowJob('test-dead', 0);
    await testRunner(db, clock, { jobs: [job] }).run('test-dead', { trigger: JobTrigger.CLI });
    const runs = await runsOf('test-dead');
    expect(runs.map((r) => r.status)).toEqual([JobRunStatus.FAILED, JobRunStatus.SUCCEEDED]);
    expect(runs[0].error).toContain('Abandoned');
  });
});

describe('two runners at once', () => {
  it('run each supervision job once for a cron slot', async () => {
    const slot = new Date('2026-11-26T03:00:00.000Z');
    const a = testRunner(db, clock, { instance: 'a' });
    const b = testRunner({ orm: other }, clock, { instance: 'b' });
    const names = SUPERVISION_JOBS.map((j) => j.name);
    await Promise.all(names.flatMap((name) => [a, b].map((runner) => runner.run(name, { trigger: JobTrigger.CRON, scheduledFor: slot }))));
    // A late timer in either process finds the slot taken.
    await Promise.all(names.map((name) => b.run(name, { trigger: JobTrigger.CRON, scheduledFor: slot })));
    for (const name of names) {
      const runs = await db.orm.em.fork().find(JobRun, { job: name, scheduledFor: slot });
      expect({ name, statuses: runs.map((r) => r.status) }).toEqual({ name, statuses: [JobRunStatus.SUCCEEDED] });
    }
  });

  it('with real cron schedulers firing every second, run each slot once', async () => {
    const job = slowJob('test-every-second', 300);
    const schedules = { 'test-every-second': '* * * * * *' };
    const first = new JobScheduler(new JobRunner({ em: db.orm.em.fork(), clock: { now: () => new Date() }, config: testConfig(), logger: silentLogger, jobs: [job], instance: 'a' }), schedules, silentLogger);
    const second = new JobScheduler(new JobRunner({ em: other.em.fork(), clock: { now: () => new Date() }, config: testConfig(), logger: silentLogger, jobs: [job], instance: 'b' }), schedules, silentLogger);
    first.start();
    second.start();
    await sleep(3200);
    await Promise.all([first.stop(), second.stop()]);
    const runs = await runsOf('test-every-second');
    const slots = runs.map((r) => r.scheduledFor!.toISOString());
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(slots).size).toBe(slots.length);
    expect(job.runs).toBe(runs.length);
    expect(runs.every((r) => r.status === JobRunStatus.SUCCEEDED && r.trigger === JobTrigger.CRON)).toBe(true);
  });
});

describe('shutdown', () => {
  it('drain waits for a run still taking its lock and recording itself, so none is left RUNNING', async () => {
    const job = slowJob('test-drain', 50);
    const run = testRunner(db, clock, { jobs: [job] }).run('test-drain', { trigger: JobTrigger.CLI });
    // At once, as a scheduler stopping just after its timer fired: the run has not recorded itself yet.
    await JobRunner.drain();
    expect((await runsOf('test-drain')).map((r) => r.status)).toEqual([JobRunStatus.SUCCEEDED]);
    await run;
  });
});

describe('schedules', () => {
  it('every job has a valid default schedule, and every default schedule a job', () => {
    const names = SUPERVISION_JOBS.map((j) => j.name).sort();
    expect(names).toEqual(Object.keys(DEFAULT_JOB_SCHEDULES).sort());
    expect(() => checkSchedules(names, testConfig().jobs.schedules)).not.toThrow();
  });

  it('refuses an invalid override, naming its variable', () => {
    expect(() => checkSchedules(['expiry-reminders'], { 'expiry-reminders': 'every day' })).toThrow(/JOB_EXPIRY_REMINDERS_CRON/);
  });
});

describe('GraphQL', () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  beforeAll(async () => {
    api = await createTestApi(db, { clock });
  });
  afterAll(() => api.stop());

  it('a regulator starts a job now and reads its runs; an enterprise may not', async () => {
    const started = await api.run(`mutation { runJobNow(name: "outbox-delivery") { id job trigger status requestedBy } }`, {}, regulator);
    expect(started.errors).toBeUndefined();
    expect(started.data!.runJobNow).toMatchObject({ job: 'outbox-delivery', trigger: 'MANUAL', requestedBy: 'REGULATOR:regulator-1' });
    const id = started.data!.runJobNow.id;
    let status = started.data!.runJobNow.status;
    for (let i = 0; i < 50 && status === 'RUNNING'; i++) {
      await sleep(100);
      status = (await api.run(`query($id: ID!) { jobRun(id: $id) { status } }`, { id }, regulator)).data!.jobRun.status;
    }
    expect(status).toBe('SUCCEEDED');
    const list = await api.run(`{ jobRuns(job: "outbox-delivery", first: 5) { totalCount edges { node { job status counts { name value } } } } }`, {}, regulator);
    expect(list.data!.jobRuns.edges.at(-1).node).toEqual({ job: 'outbox-delivery', status: 'SUCCEEDED', counts: [{ name: 'pending', value: 0 }] });
    const jobs = await expectPaged(api.run, { field: 'jobs', node: 'name schedule', viewer: regulator, first: 3, countsInSql: false });
    expect(jobs).toContainEqual({ name: 'expiry-reminders', schedule: '0 6 * * *' });
    expect(jobs.map((j) => j.name)).toEqual(jobs.map((j) => j.name).sort());
    expect(codes(await api.run(`{ jobs { totalCount } }`, {}, enterpriseViewer(creditCode(1))))).toEqual(['FORBIDDEN']);
    const own = enterpriseViewer(creditCode(1));
    expect(codes(await api.run(`mutation { runJobNow(name: "outbox-delivery") { id } }`, {}, own))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(`{ jobRuns { totalCount } }`, {}, own))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(`mutation { runJobNow(name: "nope") { id } }`, {}, regulator))).toEqual(['BAD_USER_INPUT']);
  });
});
