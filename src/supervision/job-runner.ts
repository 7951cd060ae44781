import os from 'node:os';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from '../config';
import { Clock } from '../shared/clock';
import { HeldLock, jobLockKey, tryAdvisoryLock } from '../db/advisory-lock';
import { JobContext, JobCounts, JobDefinition } from './job-definition';
import { JobRun } from './job-run.entity';
import { JobRunStatus, JobTrigger } from './supervision.enums';
import { SupervisionError } from './supervision.errors';
import { SUPERVISION_JOBS } from './supervision-jobs';

export interface JobRunnerDeps {
  em: EntityManager;
  clock: Clock;
  config: Config;
  logger: Logger;
  jobs?: readonly JobDefinition[];
  /** Names this process in job_run.instance; host:pid by default. */
  instance?: string;
}

export interface StartOptions {
  trigger: JobTrigger;
  /** For CRON: the slot the schedule fired for. A slot runs once across every process. */
  scheduledFor?: Date;
  requestedBy?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface StartedRun {
  /** The run as recorded at its start (RUNNING, or SKIPPED); null when a CRON start was skipped. */
  run: JobRun | null;
  /** Settles when the run has ended and its row is final; never rejects. */
  finished: Promise<JobRun | null>;
}

const PROGRESS_WRITE_MS = 1000;
const MAX_REPORTED_FAILURES = 10;

/** Runs in flight in this process, so shutdown can wait for them. */
const inFlight = new Set<Promise<unknown>>();

/**
 * Runs supervision jobs, one instance at a time across every server process:
 * a run takes a PostgreSQL advisory lock (keyed by the job name) on a
 * dedicated connection. If another process holds it, a CRON start records
 * nothing (every process fires every slot; N-1 rows a minute would be noise)
 * while a MANUAL or CLI start records a SKIPPED run, so whoever asked sees an
 * answer. Holding the lock, a CRON run also claims its slot in job_run
 * (unique job + scheduledFor), so a process whose timer fires after the
 * first run finished does not run the slot again.
 */
export class JobRunner {
  private readonly jobs: readonly JobDefinition[];
  private readonly instance: string;

  constructor(private readonly deps: JobRunnerDeps) {
    this.jobs = deps.jobs ?? SUPERVISION_JOBS;
    this.instance = deps.instance ?? `${os.hostname()}:${process.pid}`;
  }

  names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  job(name: string): JobDefinition {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw SupervisionError.unknownJob(name, this.names());
    return job;
  }

  /** Starts a run and waits for it to end. */
  async run(name: string, options: StartOptions): Promise<JobRun | null> {
    return (await this.start(name, options)).finished;
  }

  /**
   * Starts a run; resolves once it is recorded, with a promise of its end. Shutdown waits for it from
   * this call on: a run still taking its lock or recording itself when the scheduler stops would
   * otherwise be claimed after the drain, and left RUNNING when the database closed under it.
   */
  start(name: string, options: StartOptions): Promise<StartedRun> {
    const started = this.begin(name, options);
    const whole: Promise<unknown> = started.then((s) => s.finished, () => null).finally(() => inFlight.delete(whole));
    inFlight.add(whole);
    return started;
  }

  /** Waits for every run this process started, those still starting included (for shutdown). */
  static async drain(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  private async begin(name: string, options: StartOptions): Promise<StartedRun> {
    const job = this.job(name);
    const em = this.deps.em.fork();
    const lock = await tryAdvisoryLock(this.connectionString(), jobLockKey(name), (error) =>
      this.deps.logger.error({ err: error, job: name }, 'job lock connection failed'),
    );
    if (!lock) {
      this.deps.logger.debug({ job: name, trigger: options.trigger }, 'job is running in another process: skipped');
      const run = options.trigger === JobTrigger.CRON ? null : await this.recordSkipped(em, name, options);
      return { run, finished: Promise.resolve(run) };
    }
    let run: JobRun | null;
    try {
      run = await this.claim(em, name, options);
    } catch (error) {
      await lock.release();
      throw error;
    }
    if (!run) {
      await lock.release();
      return { run: null, finished: Promise.resolve(null) };
    }
    return { run, finished: this.execute(job, run, em, lock, options) };
  }

  private connectionString(): string {
    const url = this.deps.em.config.get('clientUrl');
    if (!url) throw new Error('The ORM has no clientUrl: the job lock needs one');
    return url;
  }

  private async recordSkipped(em: EntityManager, name: string, options: StartOptions): Promise<JobRun> {
    const now = this.deps.clock.now();
    const run = em.create(JobRun, {
      job: name,
      trigger: options.trigger,
      status: JobRunStatus.SKIPPED,
      requestedBy: options.requestedBy ?? null,
      instance: this.instance,
      startedAt: now,
      finishedAt: now,
      counts: {},
      error: 'Another process is running this job',
    });
    await em.persistAndFlush(run);
    return run;
  }

  /** Holding the lock: closes runs abandoned by a dead process, then records this one (once per CRON slot). */
  private async claim(em: EntityManager, name: string, options: StartOptions): Promise<JobRun | null> {
    const now = this.deps.clock.now();
    await em.nativeUpdate(
      JobRun,
      { job: name, status: JobRunStatus.RUNNING },
      { status: JobRunStatus.FAILED, finishedAt: now, error: 'Abandoned: the process running it ended before it finished' },
    );
    const scheduledFor = options.scheduledFor ? new Date(Math.floor(options.scheduledFor.getTime() / 1000) * 1000) : null;
    const run = em.create(JobRun, {
      job: name,
      trigger: options.trigger,
      status: JobRunStatus.RUNNING,
      scheduledFor,
      requestedBy: options.requestedBy ?? null,
      instance: this.instance,
      startedAt: now,
      counts: {},
    });
    try {
      await em.persistAndFlush(run);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.deps.logger.debug({ job: name, scheduledFor }, 'cron slot already ran in another process: skipped');
        return null;
      }
      throw error;
    }
    return run;
  }

  private async execute(job: JobDefinition, run: JobRun, em: EntityManager, lock: HeldLock, options: StartOptions): Promise<JobRun> {
    const { clock, config, logger } = this.deps;
    const log = logger.child({ job: job.name, run: run.id, trigger: run.trigger });
    const counts: JobCounts = {};
    const failures: string[] = [];
    let failed = 0;
    let lastWrite = 0;
    let writes = Promise.resolve();
    const writeProgress = (done: number, total: number, force = false) => {
      const at = Date.now();
      if (!force && at - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = at;
      writes = writes
        .then(() => em.fork().nativeUpdate(JobRun, { id: run.id }, { progressDone: done, progressTotal: total }))
        .then(() => undefined, (error) => log.warn({ err: error }, 'could not record progress'));
    };
    const ctx: JobContext = {
      em: em.fork(),
      clock,
      config,
      logger: log,
      startedAt: run.startedAt,
      progress: (done, total) => {
        options.onProgress?.(done, total);
        writeProgress(done, total, done === total);
      },
      count: (name, by = 1) => {
        counts[name] = (counts[name] ?? 0) + by;
      },
      forEachItem: async (items, describe, fn) => {
        let done = 0;
        ctx.progress(0, items.length);
        for (const item of items) {
          try {
            await fn(item, em.fork());
          } catch (error) {
            failed += 1;
            const line = `${describe(item)}: ${error instanceof Error ? error.message : String(error)}`;
            if (failures.length < MAX_REPORTED_FAILURES) failures.push(line);
            log.warn({ err: error, item: describe(item) }, 'job item failed');
          }
          ctx.progress(++done, items.length);
        }
      },
    };
    log.info('job started');
    let status = JobRunStatus.SUCCEEDED;
    let error: string | null = null;
    try {
      const returned = await job.run(ctx);
      Object.assign(counts, returned ?? {});
      if (failed > 0) {
        error = `${failed} item(s) failed${failed > failures.length ? ` (first ${failures.length} shown)` : ''}:\n${failures.join('\n')}`;
      }
    } catch (caught) {
      status = JobRunStatus.FAILED;
      error = caught instanceof Error ? caught.message : String(caught);
      log.error({ err: caught }, 'job failed');
    } finally {
      await writes;
    }
    if (failed > 0) counts.failed = (counts.failed ?? 0) + failed;
    const finishedAt = clock.now();
    try {
      await em.fork().nativeUpdate(JobRun, { id: run.id }, { status, finishedAt, counts, error });
    } catch (caught) {
      log.error({ err: caught }, 'could not record the end of a job run');
    } finally {
      await lock.release().catch((caught) => log.error({ err: caught }, 'could not release the job lock'));
    }
    log.info({ status, counts }, 'job finished');
    return Object.assign(run, { status, finishedAt, counts, error });
  }
}
