import { MetadataStorage, MikroORM, Options } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from '../config';
import { EmbeddedDatabase, embeddedPostgresFor } from './embedded-postgres';
import { pendingMigrations } from './migration-state';
import { anonymousPool, ormConfig, statementTimeout } from './orm-config';
import { unnamedStatementsFor } from './raw-query';
import { ReadReplicas } from './read-replicas';

export interface Database {
  /** Requests' pool: each statement is cancelled after config.statementTimeoutMs. */
  orm: MikroORM;
  /**
   * Jobs' and migrations' pool, without the statement timeout: a nightly verification may run for minutes.
   * On DATABASE_DIRECT_URL when set: jobs and the log's integrator hold session-level advisory locks on
   * connections made from its URL, which a transaction-mode pooler would not keep.
   */
  background: MikroORM;
  /** Requests without a token: a few connections of their own and a shorter statement timeout (config.anonymous). */
  anonymous: MikroORM;
  /** Where reads that may use a replica go (DATABASE_REPLICA_URLS); without replicas, always the primary. */
  reads: ReadReplicas;
  close(): Promise<void>;
  /** A shutdown past its deadline: the embedded PostgreSQL is told to stop, nothing is awaited. */
  abandon(): void;
}

/**
 * Connects to DATABASE_URL (and DATABASE_DIRECT_URL), or starts the embedded PostgreSQL; then applies pending
 * migrations. With DATABASE_DIRECT_URL, DATABASE_URL is a transaction-mode pooler: requests use unnamed statements,
 * and the statement timeout is the pooler's to set (PgBouncer refuses a statement_timeout startup parameter;
 * docs/scaling.md shows its connect_query).
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  entities: NonNullable<Options['entities']>,
  /** The embedded PostgreSQL died and could not be restarted. */
  onDatabaseLost: (error: Error) => void = () => undefined,
  /** The embedded PostgreSQL, when the caller started it ahead (src/main.ts starts it while the modules load). */
  starting: Promise<EmbeddedDatabase> | undefined = embeddedPostgresFor(config, logger, onDatabaseLost),
): Promise<Database> {
  const embedded = await starting;
  const url = config.databaseUrl ?? embedded!.url;
  const opened: MikroORM[] = [];
  let migrated: Promise<void> | undefined;
  try {
    const pooler = config.databaseDirectUrl !== undefined && config.databaseUrl !== undefined;
    const background = await MikroORM.init(ormConfig(pooler ? config.databaseDirectUrl! : url, entities, {}, { logger }));
    opened.push(background);
    // The request pools connect while the migrations are checked (and applied: the first start loads the catalogue).
    migrated = migrate(background, logger);
    migrated.catch(() => undefined); // awaited below; a failure meanwhile is not unhandled
    const orm = await initLike(background, ormConfig(url, entities, pooler ? {} : statementTimeout(config.statementTimeoutMs), { logger }));
    opened.push(orm);
    if (pooler) unnamedStatementsFor(orm);
    const anonymous = await initLike(background, ormConfig(url, entities, anonymousPool(config.anonymous, pooler)));
    opened.push(anonymous);
    if (pooler) unnamedStatementsFor(anonymous);
    await migrated;
    const reads = await ReadReplicas.open(orm, config.replicas, entities, statementTimeout(config.statementTimeoutMs), logger);
    await reads.start();
    return {
      orm,
      background,
      anonymous,
      reads,
      close: async () => {
        await reads.stop();
        await Promise.all(opened.map((o) => o.close(true)));
        await embedded?.stop();
      },
      abandon: () => embedded?.abandon(),
    };
  } catch (error) {
    await migrated?.catch(() => undefined);
    await Promise.all(opened.map((o) => o.close(true)));
    await embedded?.stop();
    throw error;
  }
}

/** Applies the pending migrations; with none, one query and the migrator is never loaded. */
async function migrate(background: MikroORM, logger: Logger): Promise<void> {
  if ((await pendingMigrations(background)).length === 0) return;
  const applied = await background.getMigrator().up();
  if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
}

/**
 * MikroORM.init for another pool of the same entities, reusing the first pool's discovered metadata:
 * discovering it again cost each pool about 0.3 s of CPU at start. The steps are init's own after discovery.
 */
async function initLike(first: MikroORM, options: Options): Promise<MikroORM> {
  const orm = new MikroORM(options);
  const internals = orm as unknown as { metadata: MetadataStorage; createEntityManager(): void };
  const allowGlobalContext = orm.config.get('allowGlobalContext');
  orm.config.set('allowGlobalContext', true);
  internals.metadata = first.getMetadata();
  internals.createEntityManager();
  orm.config.set('allowGlobalContext', allowGlobalContext);
  orm.config.getPlatform().init(orm);
  if (orm.config.get('connect')) await orm.connect();
  for (const extension of orm.config.get('extensions')) extension.register(orm);
  return orm;
}
