import type { MikroORM } from '@mikro-orm/core';
import { defineConfig, Options, SqlEntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { migrationsList } from '../../migrations';
import { ormLogging } from './orm-logger';

/**
 * The migrator, loaded on first use: @mikro-orm/migrations brings umzug and its command-line libraries,
 * about 0.15 s of CPU a start does not need when no migration is pending (src/db/migration-state.ts).
 */
const lazyMigrator = {
  register(orm: MikroORM): void {
    orm.config.registerExtension('@mikro-orm/migrator', () => {
      const { Migrator } = require('@mikro-orm/migrations') as typeof import('@mikro-orm/migrations');
      return new Migrator(orm.em as SqlEntityManager);
    });
  },
};

/**
 * The one MikroORM configuration: the server, tests, scripts and the migration generator share it.
 * The entity list comes from the composition root (src/entities.ts), so this layer imports no domain.
 * Only the migration generator keeps the schema snapshot: with it on, every `up()` (the server's
 * start, each test database) would rewrite migrations/.snapshot.json in the working tree.
 */
export function ormConfig(
  clientUrl: string,
  entities: NonNullable<Options['entities']>,
  overrides: Partial<Options> = {},
  { snapshot = false, logger }: { snapshot?: boolean; logger?: Logger } = {},
): Options {
  // knex reads `log` from driverOptions; a statement timeout's driverOptions (overrides) keep it.
  const logging = logger ? ormLogging(logger) : undefined;
  const driverOptions = logging ? { ...(overrides.driverOptions as object | undefined), log: logging.knexLog } : overrides.driverOptions;
  return defineConfig({
    clientUrl,
    entities,
    extensions: [lazyMigrator],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    forceUtcTimezone: true,
    pool: { min: 0, max: 10 },
    migrations: {
      migrationsList,
      path: 'migrations',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot,
      snapshotName: '.snapshot',
      emit: 'ts',
      silent: true,
      fileName: (timestamp, name) => `Migration${timestamp}${name ? '_' + name : ''}`,
    },
    // Schema changes go through migrations only.
    ensureDatabase: false,
    ...overrides,
    ...(logging ? { loggerFactory: logging.loggerFactory, driverOptions } : {}),
  });
}

/** Options that make PostgreSQL cancel any statement of the pool's connections after `ms` (0: never). */
export function statementTimeout(ms: number): Partial<Options> {
  return ms > 0 ? { driverOptions: { connection: { statement_timeout: ms } } } : {};
}

/** PostgreSQL's application_name of the anonymous pool's connections: pg_stat_activity tells them apart. */
export const ANONYMOUS_APPLICATION = 'hazchem-anonymous';

/**
 * The pool of callers without a token: `connections` of its own, so however many statements an
 * anonymous request runs at once it never waits for, nor holds, one of the authenticated pool's;
 * its statements cancelled after `statementTimeoutMs` (through a pooler, the pooler's timeout).
 */
export function anonymousPool(limits: { connections: number; statementTimeoutMs: number }, pooler = false): Partial<Options> {
  const timeout = pooler || limits.statementTimeoutMs <= 0 ? {} : { statement_timeout: limits.statementTimeoutMs };
  return { pool: { min: 0, max: limits.connections }, driverOptions: { connection: { application_name: ANONYMOUS_APPLICATION, ...timeout } } };
}
