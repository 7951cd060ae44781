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

/** Composes config, database, schema, server and jobs; holds no rule of its own. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const jwtSecret = resolveJwtSecret(config);
  const logSigner = resolveLogSigner(config);
  const database = await openDatabase(config, logger, entities);
  const schema = await buildApiSchema();
  const server = await startHttpServer({ orm: database.orm, schema, config, logger, clock: systemClock, jwtSecret, logKey: encodeVerifierKey(logSigner), plugins: [auditPlugin()] }, config.port, config.host);
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

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await server.stop();
      logger.info('http server closed');
      await jobs?.stop();
      await log?.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error('hazchem-ledger failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
