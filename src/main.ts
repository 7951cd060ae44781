import 'reflect-metadata';
import { resolveJwtSecret } from './access/jwt-secret';
import { loadConfig } from './config';
import { embeddedPostgresFor } from './db/embedded-postgres';
import { resolveLogSigner } from './ledger/log-key';
import { createLogger } from './logger';
import { resolveWebhookSecretKey, WebhookSecretBox } from './webhooks/webhook-secret-box';

/**
 * The process: settings and secrets, the embedded PostgreSQL, then the API (src/serve.ts) and the signals.
 * Loading the API's modules is most of a start's CPU (about 1.4 s), so they are required once PostgreSQL is
 * starting in its own process: where the machine has a core to spare, the two overlap instead of taking turns.
 */
async function main(): Promise<void> {
  const loaded = loadConfig();
  const config = { ...loaded, webhooks: { ...loaded.webhooks, secretKey: resolveWebhookSecretKey(loaded) } };
  const webhookSecrets = new WebhookSecretBox(config.webhooks.secretKey);
  const logger = createLogger(config.logLevel);
  const jwtSecret = resolveJwtSecret(config);
  const logSigner = resolveLogSigner(config);
  // Set once the server runs; before that, a lost database fails the start like any other error.
  let exitWith: ((reason: string, code: number) => Promise<void>) | undefined;
  const onDatabaseLost = (error: Error) => {
    logger.fatal({ err: error }, 'the database is gone: exiting');
    console.error(`hazchem-ledger: ${error.message}; exiting`);
    if (exitWith) void exitWith('database lost', 1);
    else process.exit(1);
  };
  const embedded = embeddedPostgresFor(config, logger, onDatabaseLost);
  embedded?.catch(() => undefined); // awaited when the database opens; a failure meanwhile is not unhandled
  const { serve } = require('./serve') as typeof import('./serve');
  const { url, shutdown } = await serve({ config, logger, jwtSecret, logSigner, webhookSecrets, embedded, onDatabaseLost });
  exitWith = shutdown;
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  // Announced once the signals are handled: a SIGTERM sent on seeing this line finds the shutdown, not the default exit.
  logger.info({ url }, 'hazchem-ledger is serving GraphQL');
  console.log(`hazchem-ledger: GraphQL at ${url}`);
}

main().catch((error) => {
  console.error('hazchem-ledger failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
