import 'reflect-metadata';
import { auditPlugin } from './access/audit.plugin';
import { resolveJwtSecret } from './access/jwt-secret';
import { loadConfig } from './config';
import { resolveLogSigner } from './ledger/log-key';
import { LogRunner } from './ledger/log-runner';
import { openDatabase } from './db/database';
import { encodeVerifierKey } from './proof/signed-note';
import { entities } from './entities';
import { createLogger } from './logger';
import { buildApiSchema } from './schema';
import { startHttpServer } from './server/http-server';
import { systemClock } from './shared/clock';
import { JobRunner } from './supervision/job-runner';
import { JobScheduler } from './supervision/job-scheduler';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { resolveWebhookSecretKey, sealClearSecrets, WebhookSecretBox } from './webhooks/webhook-secret-box';

/** Composes config, database, schema, server and jobs; holds no rule of its own. */
async function main(): Promise<void> {
  const loaded = loadConfig();
  const config = { ...loaded, webhooks: { ...loaded.webhooks, secretKey: resolveWebhookSecretKey(loaded) } };
  const webhookSecrets = new WebhookSecretBox(config.webhooks.secretKey);
  const logger = createLogger(config.logLevel);
  const jwtSecret = resolveJwtSecret(config);
  const logSigner = resolveLogSigner(config);
  // Set once the server runs; before that, a lost database fails the start like any other error.
  let exitWith: ((reason: string, code: number) => Promise<void>) | undefined;
  const database = await openDatabase(config, logger, entities, (error) => {
    logger.fatal({ err: error }, 'the database is gone: exiting');
    console.error(`hazchem-ledger: ${error.message}; exiting`);
    if (exitWith) void exitWith('database lost', 1);
    else process.exit(1);
  });
  const sealed = await sealClearSecrets(database.background.em.fork(), webhookSecrets);
  if (sealed > 0) logger.info({ webhooks: sealed }, 'webhook secrets stored in clear are now sealed');
  const schema = await buildApiSchema();
  const server = await startHttpServer({ orm: database.orm, anonymousOrm: database.anonymous, reads: database.reads, schema, config, logger, clock: systemClock, jwtSecret, logKey: encodeVerifierKey(logSigner), plugins: [auditPlugin()] }, config.port, config.host);
  logger.info({ url: server.url }, 'hazchem-ledger is serving GraphQL');
  console.log(`hazchem-ledger: GraphQL at ${server.url}`);
  const jobs = config.jobs.enabled
    ? new JobScheduler(new JobRunner({ em: database.background.em.fork(), clock: systemClock, config, logger }), config.jobs.schedules, logger)
    : undefined;
  jobs?.start();
  const log = config.log.integrate
    ? new LogRunner({ em: database.background.em.fork(), signer: logSigner, clock: systemClock, logger, integrateMs: config.log.integrateMs, checkpointSeconds: config.log.checkpointSeconds })
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
  exitWith = shutdown;
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
}

main().catch((error) => {
  console.error('hazchem-ledger failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
