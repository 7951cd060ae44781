import pino from 'pino';
import { auditPlugin } from '../../src/access/audit.plugin';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { Config, loadConfig } from '../../src/config';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { testSchema } from './api';
import { TestDatabase } from './database';

export const SECRET = 'test-secret-test-secret-test-secret-0123';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** The real HTTP server over a test database, as main.ts wires it (partner audit included), with `env` read as the server reads its environment. */
export async function startTestServer(db: Pick<TestDatabase, 'orm'>, env: Record<string, string> = {}, overrides: Partial<Config> = {}) {
  const config = { ...loadConfig({ NODE_ENV: 'production', ...env }), ...overrides };
  const server: RunningServer = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config, logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: SECRET, plugins: [auditPlugin()] },
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
    gql: (query: string, variables: Record<string, unknown> = {}, token?: string) =>
      post(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {}),
    stop: () => server.stop(),
  };
}

export const adminToken = () => mintToken(SECRET, { role: Role.ADMIN, subject: 'admin-1', expiresInSeconds: 600 });
