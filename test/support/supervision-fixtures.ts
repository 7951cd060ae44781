import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { Config, loadConfig } from '../../src/config';
import { ormConfig } from '../../src/db/orm-config';
import { entities } from '../../src/entities';
import { Clock } from '../../src/shared/clock';
import { JobDefinition } from '../../src/supervision/job-definition';
import { JobRun } from '../../src/supervision/job-run.entity';
import { JobRunner } from '../../src/supervision/job-runner';
import { JobTrigger } from '../../src/supervision/supervision.enums';
import { TestDatabase } from './database';

export const silentLogger = pino({ level: 'silent' });

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test' }), ...overrides };
}

/** A runner over the test database with a controlled clock. */
export function testRunner(db: TestDatabase | { orm: MikroORM }, clock: Clock, options: { jobs?: readonly JobDefinition[]; config?: Partial<Config>; instance?: string } = {}) {
  return new JobRunner({ em: db.orm.em.fork(), clock, config: testConfig(options.config), logger: silentLogger, jobs: options.jobs, instance: options.instance });
}

/** Runs one job through the runner (as the CLI does) and returns its finished run. */
export async function runJob(db: TestDatabase, clock: Clock, name: string, config: Partial<Config> = {}): Promise<JobRun> {
  const run = await testRunner(db, clock, { config }).run(name, { trigger: JobTrigger.CLI });
  if (!run) throw new Error(`${name} did not run`);
  return run;
}

/** A second MikroORM over the same database: another server process, as far as locks go. */
export async function secondOrm(db: TestDatabase): Promise<MikroORM> {
  return MikroORM.init(ormConfig(db.url, entities, { pool: { min: 0, max: 10 } }));
}
