/**
 * The server under test, in its own process so that its peak RSS is its own:
 * composed as src/main.ts composes it (config, database, schema, audit
 * plugin, HTTP server), pointed at the bench's scratch database by the
 * environment the parent sets (DATABASE_URL, JWT_SECRET, JOBS_ENABLED=false,
 * LOG_LEVEL=warn). Talks to the parent over the fork IPC channel.
 */
import 'reflect-metadata';
import { auditPlugin } from '../src/access/audit.plugin';
import { resolveJwtSecret } from '../src/access/jwt-secret';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { buildApiSchema } from '../src/graphql/schema';
import { createLogger } from '../src/logger';
import { startHttpServer } from '../src/server/http-server';
import { systemClock } from '../src/shared/clock';

export type ServerMessage =
  | { type: 'ready'; url: string; pid: number }
  | { type: 'usage'; maxRssKb: number; rssKb: number; heapUsedKb: number }
  | { type: 'failed'; error: string };

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('bench server: DATABASE_URL is required');
  const logger = createLogger(config.logLevel);
  const jwtSecret = resolveJwtSecret(config);
  const database = await openDatabase(config, logger);
  const schema = await buildApiSchema();
  const server = await startHttpServer(
    { orm: database.orm, schema, config, logger, clock: systemClock, jwtSecret, plugins: [auditPlugin()] },
    config.port,
    config.host,
  );
  const send = (message: ServerMessage) => process.send?.(message);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'usage') {
      const memory = process.memoryUsage();
      send({ type: 'usage', maxRssKb: process.resourceUsage().maxRSS, rssKb: Math.round(memory.rss / 1024), heapUsedKb: Math.round(memory.heapUsed / 1024) });
    } else if (message.type === 'stop') {
      void (async () => {
        await server.stop();
        await database.close();
        process.exit(0);
      })();
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: server.url, pid: process.pid });
}

main().catch((error) => {
  process.send?.({ type: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies ServerMessage);
  process.exit(1);
});
