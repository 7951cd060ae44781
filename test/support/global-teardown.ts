import { admin } from '../../src/db/scratch-database';

export default async function globalTeardown(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL;
  const template = process.env.HZ_TEST_TEMPLATE;
  if (server && template) {
    await admin(server, `ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS true`);
    await admin(server, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  }
  const embedded = (globalThis as Record<string, unknown>).__embeddedPostgres as { stop(): Promise<void> } | undefined;
  await embedded?.stop();
}
