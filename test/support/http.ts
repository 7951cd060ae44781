import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { auditPlugin } from '../../src/access/audit.plugin';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { Config, loadConfig } from '../../src/config';
import { ReadReplicas } from '../../src/db/read-replicas';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { WebhookSecretBox } from '../../src/webhooks/webhook-secret-box';
import { testSchema } from './api';
import { TestDatabase } from './database';

export const SECRET = 'test-secret-test-secret-test-secret-0123';
/** WEBHOOK_SECRET_KEY of every test server: a test's own dispatcher opens the secrets its server sealed. */
export const WEBHOOK_KEY = Buffer.alloc(32, 7).toString('base64');
export const testSecretBox = () => new WebhookSecretBox(Buffer.from(WEBHOOK_KEY, 'base64'));

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** The real HTTP server over a test database, as main.ts wires it (partner audit included), with `env` read as the server reads its environment. */
export async function startTestServer(db: Pick<TestDatabase, 'orm'> & { reads?: ReadReplicas; anonymousOrm?: MikroORM }, env: Record<string, string> = {}, overrides: Partial<Config> = {}) {
  const config = { ...loadConfig({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: WEBHOOK_KEY, ...env }), ...overrides };
  const server: RunningServer = await startHttpServer(
    { orm: db.orm, anonymousOrm: db.anonymousOrm, reads: db.reads, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: SECRET, plugins: [auditPlugin()] },
    0,
    '127.0.0.1',
  );
  const post = async (body: string, headers: Record<string, string> = {}): Promise<HttpAnswer> => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Left as text: the test asserts it was JSON.
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    server,
    config,
    base: server.url.replace(/\/graphql$/, ''),
    post,
    gql: (query: string, variables: Record<string, unknown> = {}, token?: string, headers: Record<string, string> = {}) =>
      post(JSON.stringify({ query, variables }), { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }),
    stop: () => server.stop(),
  };
}

export const adminToken = () => mintToken(SECRET, { role: Role.ADMIN, subject: 'admin-1', expiresInSeconds: 600 });
