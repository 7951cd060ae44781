import { MikroORM, Options } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';
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
): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPgPort,
        database: 'hazchem',
        logger,
        supervise: { restarts: config.embeddedPgRestarts, onGiveUp: onDatabaseLost },
      });
  const url = config.databaseUrl ?? embedded!.url;
  const opened: MikroORM[] = [];
  try {
    const pooler = config.databaseDirectUrl !== undefined && config.databaseUrl !== undefined;
    const background = await MikroORM.init(ormConfig(pooler ? config.databaseDirectUrl! : url, entities, {}, { logger }));
    opened.push(background);
    const applied = await background.getMigrator().up();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    const orm = await MikroORM.init(ormConfig(url, entities, pooler ? {} : statementTimeout(config.statementTimeoutMs), { logger }));
    opened.push(orm);
    if (pooler) unnamedStatementsFor(orm);
    const anonymous = await MikroORM.init(ormConfig(url, entities, anonymousPool(config.anonymous, pooler)));
    opened.push(anonymous);
    if (pooler) unnamedStatementsFor(anonymous);
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
    await Promise.all(opened.map((o) => o.close(true)));
    await embedded?.stop();
    throw error;
  }
}
