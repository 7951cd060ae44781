import cron, { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { BUREAU_TIME_ZONE } from '../shared/shanghai-calendar';
import { JobRunner } from './job-runner';
import { JobTrigger } from './supervision.enums';
import { SupervisionError } from './supervision.errors';

/** Every job's cron expression must be valid before anything is scheduled. */
export function checkSchedules(names: readonly string[], schedules: Record<string, string>): void {
  for (const name of names) {
    const expression = schedules[name];
    if (expression === undefined || !cron.validate(expression)) throw SupervisionError.invalidSchedule(name, String(expression));
  }
}

/**
 * Fires each job on its cron schedule, in Shanghai time, in every server
 * process; the runner's advisory lock and slot claim make one process run it.
 */
export class JobScheduler {
  private tasks: ScheduledTask[] = [];

  constructor(
    private readonly runner: JobRunner,
    private readonly schedules: Record<string, string>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const names = this.runner.names();
    checkSchedules(names, this.schedules);
    for (const name of names) {
      const task = cron.schedule(
        this.schedules[name],
        async (context) => {
          try {
            await this.runner.run(name, { trigger: JobTrigger.CRON, scheduledFor: context.date });
          } catch (error) {
            this.logger.error({ err: error, job: name }, 'scheduled job could not start');
          }
        },
        { name, timezone: BUREAU_TIME_ZONE, noOverlap: true },
      );
      this.tasks.push(task);
    }
    this.logger.info({ jobs: Object.fromEntries(names.map((n) => [n, this.schedules[n]])), timezone: BUREAU_TIME_ZONE }, 'jobs scheduled');
  }

  /** Stops firing and waits for the runs in flight. */
  async stop(): Promise<void> {
    const tasks = this.tasks;
    this.tasks = [];
    await Promise.all(tasks.map(async (task) => {
      await task.stop();
      await task.destroy();
    }));
    await JobRunner.drain();
  }
}
