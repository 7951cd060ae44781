import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { ANONYMOUS_APPLICATION, anonymousPool, ormConfig } from '../../src/db/orm-config';
import { entities } from '../../src/entities';
import { openTestDatabase, TestDatabase } from '../support/database';
import { lockTable } from '../support/table-lock';
import { adminToken, startTestServer } from '../support/http';

/**
 * What callers without a token share, whatever their addresses (bench phase H): requests in flight,
 * database connections, statement time. Each anonymous request is held inside PostgreSQL by a lock
 * on the catalogue, so the test waits on what happened, never for a time.
 */
let db: TestDatabase;
let admin: Client;
/** What a test opened (its server, its lock), closed after it whether it passed or not, so the next one counts only its own backends. */
let opened: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  admin = new Client({ connectionString: db.url });
  await admin.connect();
});

afterEach(async () => {
  for (const close of opened.reverse()) await close();
  opened = [];
});

afterAll(async () => {
  await admin.end();
  await db.close();
});

/** A server as main.ts wires it, its anonymous requests on a pool of their own made from `env`. */
async function serve(env: Record<string, string>) {
  const all = { ANONYMOUS_RATE_PER_MINUTE: '100000', ANONYMOUS_RATE_BURST: '100000', ANONYMOUS_TIME_SHARE: '0', ...env };
  const anonymousOrm = await MikroORM.init(ormConfig(db.url, entities, anonymousPool(loadConfig(all).anonymous)));
  const api = await startTestServer({ orm: db.orm, anonymousOrm }, all);
  opened.push(async () => {
    await api.stop();
    await anonymousOrm.close(true);
  });
  return api;
}

/** The catalogue held by another session until `release()` (after the test at the latest). */
async function lockCatalogue() {
  const lock = await lockTable(db.url, 'chemical');
  opened.push(lock.release);
  return lock;
}

/** Backends of `application` (or of every other application) waiting on a lock, and all of that application's. */
async function backends(anonymous: boolean) {
  const { rows } = await admin.query<{ waiting: number; all: number }>(
    `select count(*) filter (where wait_event_type = 'Lock')::int as waiting, count(*)::int as all
       from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
        and (application_name = $1) = $2 and backend_type = 'client backend'`,
    [ANONYMOUS_APPLICATION, anonymous],
  );
  return rows[0];
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

const CATALOGUE = '{ chemicals(first: 1) { totalCount } }';
const REGISTER = `{ enterprises(first: 1) { totalCount } }`;

describe('anonymous requests in flight (ANONYMOUS_CONCURRENCY, ANONYMOUS_QUEUE)', () => {
  it('past the slots and the queue an anonymous request is RATE_LIMITED (429, Retry-After) unread, from any address; token holders go through', async () => {
    const api = await serve({ ANONYMOUS_CONCURRENCY: '1', ANONYMOUS_QUEUE: '0', ANONYMOUS_STATEMENT_TIMEOUT_SECONDS: '0' });
    const lock = await lockCatalogue();
    const held = api.gql(CATALOGUE);
    await until(async () => (await backends(true)).waiting >= 1);

    const refused = await api.post('not even json');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });

    const token = await adminToken();
    const authenticated = await api.gql(REGISTER, {}, token);
    expect(authenticated.status).toBe(200);
    expect(authenticated.body.data.enterprises.totalCount).toEqual(expect.any(Number));

    await lock.release();
    expect((await held).body.data.chemicals.totalCount).toBeGreaterThan(2000);
    // The slot is free again once the held one is answered.
    expect((await api.gql(CATALOGUE)).status).toBe(200);
  });
});

describe("anonymous requests' share of time (ANONYMOUS_TIME_SHARE)", () => {
  it('once anonymous requests have been in flight for their share of the time, the next is RATE_LIMITED until it refills; token holders go through', async () => {
    // A share of 0.0001 holds 1 ms over its 10 s window: one catalogue read over HTTP spends more.
    const api = await serve({ ANONYMOUS_TIME_SHARE: '0.0001' });
    expect((await api.gql(CATALOGUE)).status).toBe(200);
    const refused = await api.gql(CATALOGUE);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(refused.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('retry-after')).toBe(String(refused.body.errors[0].extensions.retryAfterSeconds));
    const authenticated = await api.gql(CATALOGUE, {}, await adminToken());
    expect(authenticated.status).toBe(200);
    expect(authenticated.body.data.chemicals.totalCount).toBeGreaterThan(2000);
  });
});

describe('the anonymous pool (ANONYMOUS_DB_CONNECTIONS)', () => {
  it("twenty aliased catalogue reads without a token hold one connection between them; token holders' pool is untouched", async () => {
    const api = await serve({ ANONYMOUS_DB_CONNECTIONS: '1', ANONYMOUS_STATEMENT_TIMEOUT_SECONDS: '0' });
    const lock = await lockCatalogue();
    const aliases = Array.from({ length: 20 }, (_, i) => `c${i}: chemicals(first: 1, search: "酸") { totalCount }`).join(' ');
    const held = api.gql(`{ ${aliases} }`);
    await until(async () => (await backends(true)).waiting === 1);
    expect((await backends(true)).all).toBe(1);

    const answers = await Promise.all(Array.from({ length: 12 }, async () => api.gql(REGISTER, {}, await adminToken())));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));

    await lock.release();
    const answered = await held;
    expect(answered.body.errors).toBeUndefined();
    expect(Object.keys(answered.body.data)).toHaveLength(20);
    expect((await backends(true)).all).toBe(1);
  });
});

describe('the anonymous statement timeout (ANONYMOUS_STATEMENT_TIMEOUT_SECONDS)', () => {
  it('an anonymous statement waiting past it is QUERY_TIMEOUT; a token holder waiting on the same lock is answered once it is released', async () => {
    const api = await serve({ ANONYMOUS_STATEMENT_TIMEOUT_SECONDS: '1', STATEMENT_TIMEOUT_SECONDS: '0' });
    const lock = await lockCatalogue();
    const anonymous = await api.gql(CATALOGUE);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.errors[0].extensions).toEqual({ code: 'QUERY_TIMEOUT' });
    expect(JSON.stringify(anonymous.body)).not.toMatch(/select|chemical"/i);

    const authenticated = api.gql(CATALOGUE, {}, await adminToken());
    await until(async () => (await backends(false)).waiting >= 1);
    await lock.release();
    const answered = await authenticated;
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data.chemicals.totalCount).toBeGreaterThan(2000);
  });
});
