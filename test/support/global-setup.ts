import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { admin, adminUrl, createScratchDatabase, withDatabase } from '../../src/db/scratch-database';

/**
 * Runs once per `npm test`: finds a PostgreSQL (TEST_DATABASE_URL, else the
 * local server on 127.0.0.1:5432, else an embedded one), and migrates a
 * template database that every test file copies; builds the console if its
 * sources changed.
 */
export default async function globalSetup(): Promise<void> {
  let server = adminUrl();
  if (!(await reachable(server))) {
    const dataDir = `${process.cwd()}/.data/test`;
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: 54330,
      database: 'postgres',
      logger: pino({ level: 'warn' }),
    });
    server = withDatabase(embedded.url, 'postgres');
    (globalThis as Record<string, unknown>).__embeddedPostgres = embedded;
  }
  const template = await createScratchDatabase(server, 'hz_template');
  // In a child process: MikroORM and type-graphql keep global metadata that must not leak into the test realm.
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: template.url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A template with open connections cannot be copied.
  await admin(server, `ALTER DATABASE "${template.name}" WITH ALLOW_CONNECTIONS false`);
  // The browser tests (test/console/) drive the built console; this builds it only when web/ changed.
  execFileSync(process.execPath, ['scripts/console-build.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.env.TEST_DATABASE_URL = server;
  process.env.HZ_TEST_TEMPLATE = template.name;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
