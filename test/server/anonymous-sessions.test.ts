import { SignIn } from '../../src/accounts/sign-in.entity';
import { createUser, PASSWORD } from '../support/account-fixtures';
import { openTestDatabase, TestDatabase } from '../support/database';
import { startTestServer } from '../support/http';
import { lockTable as holdTable } from '../support/table-lock';

/**
 * Sign-in, refresh and logout at /graphql/session have a budget of their own: however spent the
 * budget of requests without a token at /graphql is, they go through; a flood of them is refused
 * by theirs. Addresses are X-Forwarded-For's, trusted from loopback as behind a reverse proxy.
 */
let db: TestDatabase;
let stop: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  await createUser(db.orm.em, 'session-user');
});

afterEach(async () => {
  for (const close of stop.reverse()) await close();
  stop = [];
});

afterAll(async () => {
  await db.close();
});

async function serve(env: Record<string, string>) {
  const api = await startTestServer(db, { TRUST_PROXY: 'loopback', ...env });
  stop.push(() => api.stop());
  const call = async (path: string, query: string, variables: Record<string, unknown>, address: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), setCookie: response.headers.getSetCookie(), body: (await response.json()) as any };
  };
  return { call, login: (path: string, address: string, password = PASSWORD) => call(path, LOGIN, { n: 'session-user', p: password }, address) };
}

const LOGIN = `mutation($n: String!, $p: String!) { login(name: $n, password: $p) { accessToken } }`;
const READ = '{ chemicals(first: 1) { totalCount } }';
const cookieOf = (setCookie: string[]) => setCookie.find((c) => c.startsWith('hz_refresh='))!.split(';')[0];
const signIns = async (address: string) => db.orm.em.fork().count(SignIn, { address });

/** `table` held by another session until released (after the test at the latest). */
async function lockTable(table: string) {
  const lock = await holdTable(db.url, table);
  stop.push(lock.release);
  return lock;
}

/** Until a statement of this database waits on a lock: the request sent before it is in flight. */
async function untilWaiting(): Promise<void> {
  const waiting = async () =>
    (await db.orm.em.getConnection().execute(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n > 0;
  while (!(await waiting())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('/graphql/session while requests without a token to /graphql are refused', () => {
  it("neither the anonymous time share, nor the address's own rate, nor the anonymous slots held refuse a sign-in or a refresh there", async () => {
    const api = await serve({ ANONYMOUS_TIME_SHARE: '0.0001', ANONYMOUS_RATE_BURST: '2', ANONYMOUS_RATE_PER_MINUTE: '1', ANONYMOUS_CONCURRENCY: '1', ANONYMOUS_QUEUE: '0' });
    // Another address spends the time share (a few ms in its 10 s window); the signer's own address uses up its rate.
    expect((await api.call('/graphql', READ, {}, '10.9.0.1')).status).toBe(200);
    expect((await api.call('/graphql', READ, {}, '10.9.0.2')).body.errors[0].extensions.code).toBe('RATE_LIMITED');
    for (let i = 0; i < 3; i++) await api.call('/graphql', READ, {}, '10.9.0.3');
    const flooded = await api.login('/graphql', '10.9.0.3');
    expect(flooded.status).toBe(429);
    expect(flooded.body.errors[0].extensions.code).toBe('RATE_LIMITED');

    // A read in flight holds the one anonymous slot meanwhile: the catalogue is locked.
    const api2 = await serve({ ANONYMOUS_CONCURRENCY: '1', ANONYMOUS_QUEUE: '0', ANONYMOUS_STATEMENT_TIMEOUT_SECONDS: '0', ANONYMOUS_TIME_SHARE: '0' });
    const lock = await lockTable('chemical');
    const held = api2.call('/graphql', READ, {}, '10.9.1.1');
    await untilWaiting();
    expect((await api2.call('/graphql', READ, {}, '10.9.1.2')).status).toBe(429);
    const signedIn = await api2.login('/graphql/session', '10.9.1.2');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.login.accessToken).toEqual(expect.any(String));
    const refreshed = await api2.call('/graphql/session', 'mutation { refresh { accessToken } }', {}, '10.9.1.2', { cookie: cookieOf(signedIn.setCookie) });
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data.refresh.accessToken).toEqual(expect.any(String));

    // And on the first server, with the time share spent and the address's rate used up.
    const again = await api.login('/graphql/session', '10.9.0.3');
    expect(again.status).toBe(200);
    expect(again.body.data.login.accessToken).toEqual(expect.any(String));
    await lock.release();
    expect((await held).status).toBe(200);
  });
});

describe("a flood of session calls is refused by their own budget (ANONYMOUS_SESSION_*)", () => {
  it("past an address's burst a sign-in is RATE_LIMITED (429, Retry-After) before its password is looked at", async () => {
    const api = await serve({ ANONYMOUS_SESSION_RATE_BURST: '3', ANONYMOUS_SESSION_RATE_PER_MINUTE: '1' });
    for (let i = 0; i < 3; i++) expect((await api.login('/graphql/session', '10.9.2.1', 'wrong password')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const refused = await api.login('/graphql/session', '10.9.2.1');
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(refused.retryAfter).toBe(String(refused.body.errors[0].extensions.retryAfterSeconds));
    expect(await signIns('10.9.2.1')).toBe(3);
    // Another address has its own.
    expect((await api.login('/graphql/session', '10.9.2.2')).status).toBe(200);
  });

  it('past the session calls in flight and waiting, from any address, RATE_LIMITED with Retry-After: 1', async () => {
    const api = await serve({ ANONYMOUS_SESSION_CONCURRENCY: '1', ANONYMOUS_SESSION_QUEUE: '0' });
    // The sign-in record is locked: a login in flight waits there.
    const lock = await lockTable('sign_in');
    const held = api.login('/graphql/session', '10.9.3.1');
    await untilWaiting();
    const refused = await api.login('/graphql/session', '10.9.3.2');
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('1');
    expect(refused.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    await lock.release();
    expect((await held).status).toBe(200);
  });
});

describe('what /graphql/session answers', () => {
  it('one login, refresh or logout per request: reads, other mutations and aliased logins are 400 before they run', async () => {
    const api = await serve({});
    const refusals = [
      READ,
      'mutation { a: logout b: logout }',
      `mutation($n: String!, $p: String!) { a: login(name: $n, password: $p) { accessToken } b: login(name: $n, password: $p) { accessToken } }`,
      'mutation { ... on Mutation { logout } }',
      'mutation { logout } query Q { __typename }',
    ];
    for (const query of refusals) {
      const answer = await api.call('/graphql/session', query, { n: 'session-user', p: PASSWORD }, '10.9.4.1');
      expect({ query, status: answer.status, code: answer.body.errors[0].extensions.code }).toEqual({ query, status: 400, code: 'BAD_REQUEST' });
    }
    expect(await signIns('10.9.4.1')).toBe(0);
    expect((await api.call('/graphql/session', 'mutation { __typename logout }', {}, '10.9.4.1')).body.data).toEqual({ __typename: 'Mutation', logout: true });
  });
});
