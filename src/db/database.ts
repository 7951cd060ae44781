import { MikroORM, Options } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Config } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { ormConfig, statementTimeout } from './orm-config';

export interface Database {
  /** Requests' pool: each statement is cancelled after config.statementTimeoutMs. */
  orm: MikroORM;
  /** Jobs' and migrations' pool, without the statement timeout: a nightly verification may run for minutes. */
  background: MikroORM;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL; then applies pending migrations. */
export async function openDatabase(config: Config, logger: Logger, entities: NonNullable<Options['entities']>): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: 'hazchem', logger });
  const url = config.databaseUrl ?? embedded!.url;
  const opened: MikroORM[] = [];
  try {
    const background = await MikroORM.init(ormConfig(url, entities));
    opened.push(background);
    const applied = await background.getMigrator().up();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    const orm = await MikroORM.init(ormConfig(url, entities, statementTimeout(config.statementTimeoutMs)));
    opened.push(orm);
    return {
      orm,
      background,
      close: async () => {
        await Promise.all(opened.map((o) => o.close(true)));
        await embedded?.stop();
      },
    };
  } catch (error) {
    await Promise.all(opened.map((o) => o.close(true)));
    await embedded?.stop();
    throw error;
  }
}
