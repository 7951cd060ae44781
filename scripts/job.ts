/**
 * Runs one supervision job now, against DATABASE_URL or the embedded
 * database (as the server does), printing progress. Usage:
 *   npm run job -- <name>
 *   npm run job -- --list
 * Exit status: 0 succeeded, 1 failed, 2 skipped (another process is running it).
 */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { entities } from '../src/entities';
import { createLogger } from '../src/logger';
import { systemClock } from '../src/shared/clock';
import { JobRunner } from '../src/supervision/job-runner';
import { JobRunStatus, JobTrigger } from '../src/supervision/supervision.enums';
import { SUPERVISION_JOBS } from '../src/supervision/supervision-jobs';

async function main(): Promise<number> {
  const config = loadConfig();
  const name = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!name || process.argv.includes('--list')) {
    for (const job of SUPERVISION_JOBS) console.log(`${job.name.padEnd(30)} ${config.jobs.schedules[job.name].padEnd(14)} ${job.description}`);
    return name ? 0 : process.argv.includes('--list') ? 0 : 64;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const database = await openDatabase(config, logger, entities);
  try {
    const runner = new JobRunner({ em: database.orm.em.fork(), clock: systemClock, config, logger });
    let lastPrinted = -1;
    const run = await runner.run(name, {
      trigger: JobTrigger.CLI,
      onProgress: (done, total) => {
        const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
        if (percent === lastPrinted && done !== total) return;
        lastPrinted = percent;
        console.log(`${name}: ${done}/${total} (${percent}%)`);
      },
    });
    if (!run) return 2;
    const counts = Object.entries(run.counts).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`${name}: ${run.status} (run ${run.id})${counts ? ` ${counts}` : ''}`);
    if (run.error) console.log(run.error);
    return run.status === JobRunStatus.SUCCEEDED ? 0 : run.status === JobRunStatus.SKIPPED ? 2 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
