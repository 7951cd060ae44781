import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from '../config';
import { Clock } from '../shared/clock';

/** What a run counted: sent = 12, failed = 1 … */
export type JobCounts = Record<string, number>;

/** What a job receives: a function of (clock, database), with progress and per-item isolation. */
export interface JobContext {
  /** The run's own EntityManager fork. */
  em: EntityManager;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** When the run started, by the clock: jobs date their work from it, not from the wall. */
  startedAt: Date;
  /** Reports progress; recorded on the run (throttled) and printed by the CLI. */
  progress(done: number, total: number): void;
  /** Adds to a named count of the run; counts survive a run that fails half-way. */
  count(name: string, by?: number): void;
  /**
   * Runs `fn` for each item with its own EntityManager fork, catching and
   * counting a failing item (`failed`) so one bad enterprise never stops the
   * run; reports progress as it goes.
   */
  forEachItem<T>(items: readonly T[], describe: (item: T) => string, fn: (item: T, em: EntityManager) => Promise<void>): Promise<void>;
}

/** A supervision job. Its cron schedule is `config.jobs.schedules[name]` (DEFAULT_JOB_SCHEDULES, JOB_<NAME>_CRON). */
export interface JobDefinition {
  name: string;
  /** One line for `npm run job -- --list` and docs. */
  description: string;
  run(ctx: JobContext): Promise<JobCounts | void>;
}
