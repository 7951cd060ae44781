import type { FormattedExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { SignIn } from '../../src/accounts/sign-in.entity';
import { loadConfig } from '../../src/config';
import { RunningServer, startHttpServer } from '../../src/server/http-server';
import { systemClock } from '../../src/shared/clock';
import { TEST_JWT_SECRET, testSchema } from '../support/api';
import { createUser, PASSWORD } from '../support/account-fixtures';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin } from '../support/fixtures';
import { UsersService } from '../../src/accounts/users.service';

let db: TestDatabase;
const servers: RunningServer[] = [];

async function serve(env: Record<string, string>): Promise<string> {
  const server = await startHttpServer(
    { orm: db.orm, schema: await testSchema(), config: loadConfig({ NODE_ENV: 'production', ...env }), logger: pino({ level: 'silent' }), clock: systemClock, jwtSecret: TEST_JWT_SECRET },
    0,
    '127.0.0.1',
  );
  servers.push(server);
  return server.url;
}

beforeAll(async () => {
  db = await openTestDatabase();
  await createUser(db.orm.em, 'web-user');
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await db.close();
});

async function post(url: string, query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, setCookie: response.headers.getSetCookie(), body: (await response.json()) as any };
}

const LOGIN = `mutation($n: String!, $p: String!) { login(name: $n, password: $p) { accessToken } }`;
const cookieOf = (setCookie: string[]) => setCookie.find((c) => c.startsWith('hz_refresh='))!.split(';')[0];

describe('sessions over HTTP', () => {
  it('login sets an HttpOnly, SameSite=Strict, Secure cookie for /graphql; the access token reads `me`; refresh rotates; logout clears', async () => {
    const url = await serve({});
    const login = await post(url, LOGIN, {}, { n: 'web-user', p: PASSWORD });
    expect(login.body.errors).toBeUndefined();
    const [cookie] = login.setCookie;
    expect(cookie).toMatch(/^hz_refresh=[A-Za-z0-9_-]{43}; Path=\/graphql; Expires=.+; HttpOnly; Secure; SameSite=Strict$/);
    const me = await post(url, `{ me { loginName role } }`, { authorization: `Bearer ${login.body.data.login.accessToken}` });
    expect(me.body.data.me).toEqual({ loginName: 'web-user', role: 'ADMIN' });

    const refreshed = await post(url, `mutation { refresh { accessToken } }`, { cookie: cookieOf(login.setCookie) });
    expect(refreshed.body.errors).toBeUndefined();
    expect(cookieOf(refreshed.setCookie)).not.toBe(cookieOf(login.setCookie));

    const out = await post(url, `mutation { logout }`, { cookie: cookieOf(refreshed.setCookie) });
    expect(out.body.data).toEqual({ logout: true });
    expect(out.setCookie[0]).toMatch(/^hz_refresh=; Path=\/graphql; Expires=Thu, 01 Jan 1970/);
    expect((await post(url, `mutation { refresh { accessToken } }`, { cookie: cookieOf(refreshed.setCookie) })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a revoked session’s access token is answered 401 at once', async () => {
    const url = await serve({});
    const user = await createUser(db.orm.em, 'web-revoked');
    const login = await post(url, LOGIN, {}, { n: 'web-revoked', p: PASSWORD });
    await new UsersService(db.orm.em.fork(), systemClock).revokeSessions(admin, user.id);
    const refused = await post(url, `{ me { loginName } }`, { authorization: `Bearer ${login.body.data.login.accessToken}` });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('the client address is the socket’s unless TRUST_PROXY trusts the proxy that forwarded it', async () => {
    const direct = await serve({});
    const proxied = await serve({ TRUST_PROXY: 'loopback' });
    await post(direct, LOGIN, { 'x-forwarded-for': '203.0.113.5' }, { n: 'no-such-direct', p: 'whatever whatever' });
    await post(proxied, LOGIN, { 'x-forwarded-for': '203.0.113.6' }, { n: 'no-such-proxied', p: 'whatever whatever' });
    const em = db.orm.em.fork();
    expect((await em.findOneOrFail(SignIn, { loginName: 'no-such-direct' })).address).toMatch(/127\.0\.0\.1$/);
    expect((await em.findOneOrFail(SignIn, { loginName: 'no-such-proxied' })).address).toBe('203.0.113.6');
  });

  it('over a WebSocket, the client address is read as over HTTP', async () => {
    const proxied = await serve({ TRUST_PROXY: 'loopback' });
    const socket = createClient({
      url: proxied.replace(/^http/, 'ws'),
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { 'x-forwarded-for': '203.0.113.7' } });
        }
      },
      retryAttempts: 0,
    });
    try {
      const answer = await new Promise<FormattedExecutionResult>((resolve, reject) =>
        socket.subscribe({ query: LOGIN, variables: { n: 'no-such-over-ws', p: 'whatever whatever' } }, { next: resolve, error: reject, complete: () => undefined }),
      );
      expect(answer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await socket.dispose();
    }
    expect((await db.orm.em.fork().findOneOrFail(SignIn, { loginName: 'no-such-over-ws' })).address).toBe('203.0.113.7');
  });
});
