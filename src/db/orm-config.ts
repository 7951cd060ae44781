import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, Options } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations';

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
  { snapshot = false }: { snapshot?: boolean } = {},
): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
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
  });
}

/** Options that make PostgreSQL cancel any statement of the pool's connections after `ms` (0: never). */
export function statementTimeout(ms: number): Partial<Options> {
  return ms > 0 ? { driverOptions: { connection: { statement_timeout: ms } } } : {};
}
