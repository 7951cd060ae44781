import { auditPlugin } from './access/audit.plugin';
import type { Config } from './config';
import { appendsCommitted } from './ledger/appends-committed';
import { LogThread } from './ledger/log-thread';
import { openDatabase } from './db/database';
import type { EmbeddedDatabase } from './db/embedded-postgres';
import { encodeSignerKey, encodeVerifierKey, type NoteSigner } from './proof/signed-note';
import { entities } from './entities';
import type { Logger } from 'pino';
import { buildApiSchema } from './schema';
import { startHttpServer } from './server/http-server';
import { systemClock } from './shared/clock';
import { JobRunner } from './supervision/job-runner';
import { JobScheduler } from './supervision/job-scheduler';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { sealClearSecrets, type WebhookSecretBox } from './webhooks/webhook-secret-box';

export interface Settings {
  config: Config;
  logger: Logger;
  jwtSecret: string;
  logSigner: NoteSigner;
  webhookSecrets: WebhookSecretBox;
  /** The embedded PostgreSQL src/main.ts started while these modules loaded; undefined with DATABASE_URL. */
  embedded: Promise<EmbeddedDatabase> | undefined;
  /** The embedded PostgreSQL died and could not be restarted. */
  onDatabaseLost: (error: Error) => void;
}

export interface Serving {
  url: string;
  shutdown(reason: string, code: number): Promise<void>;
}

/** Composes database, schema, server and jobs; holds no rule of its own. Resolves once serving. */
export async function serve({ config, logger, jwtSecret, logSigner, webhookSecrets, embedded, onDatabaseLost }: Settings): Promise<Serving> {
  // The schema is built while the database opens: its connections and migration check wait on PostgreSQL, not on this thread.
  const opening = openDatabase(config, logger, entities, onDatabaseLost, embedded);
  opening.catch(() => undefined); // awaited below; a failure meanwhile is not unhandled
  const schema = await buildApiSchema();
  const database = await opening;
  const sealed = await sealClearSecrets(database.background.em.fork(), webhookSecrets);
  if (sealed > 0) logger.info({ webhooks: sealed }, 'webhook secrets stored in clear are now sealed');
  const server = await startHttpServer({ orm: database.orm, anonymousOrm: database.anonymous, reads: database.reads, schema, config, logger, clock: systemClock, jwtSecret, logKey: encodeVerifierKey(logSigner), plugins: [auditPlugin()] }, config.port, config.host);
  const jobs = config.jobs.enabled
    ? new JobScheduler(new JobRunner({ em: database.background.em.fork(), clock: systemClock, config, logger }), config.jobs.schedules, logger)
    : undefined;
  jobs?.start();
  const log = config.log.integrate
    ? new LogThread(
        { databaseUrl: database.background.config.get('clientUrl')!, signerKey: encodeSignerKey(logSigner), integrateMs: config.log.integrateMs, checkpointMs: config.log.checkpointMs, passSpacingMs: config.log.passSpacingMs, logLevel: config.logLevel },
        appendsCommitted,
        logger,
      )
    : undefined;
  log?.start();
  const webhooks = config.webhooks.deliver ? new WebhookDispatcher({ em: database.background.em.fork(), clock: systemClock, allowPrivate: config.webhooks.allowPrivate, secrets: webhookSecrets }) : undefined;
  webhooks?.start(config.webhooks.intervalMs);

  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    const seconds = config.shutdownTimeoutMs / 1000;
    logger.info({ reason, timeoutSeconds: seconds }, 'shutting down: finishing in-flight requests');
    // A job or a database that does not answer must not hold the process: past the deadline, exit regardless.
    setTimeout(() => {
      logger.error({ timeoutSeconds: seconds }, `shutdown did not finish in ${seconds} s: stopping PostgreSQL without waiting and exiting`);
      console.error(`hazchem-ledger: shutdown did not finish in ${seconds} s (SHUTDOWN_TIMEOUT_SECONDS); exiting`);
      database.abandon();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    try {
      await server.stop();
      logger.info('http server closed');
      await jobs?.stop();
      await log?.stop();
      await webhooks?.stop();
      await database.close();
      logger.info('stopped');
      process.exit(code);
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  return { url: server.url, shutdown };
}
