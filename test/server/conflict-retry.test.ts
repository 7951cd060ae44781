/**
 * A transaction PostgreSQL aborts for a serialization failure (40001) is run again, a bounded
 * number of times, and ORM and knex messages go to pino: on the real test PostgreSQL, with a real
 * concurrent update making the conflict.
 */
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { Writable } from 'node:stream';
import { retryOnConflict } from '../../src/db/conflict-retry';
import { ormConfig } from '../../src/db/orm-config';
import { entities } from '../../src/entities';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let other: Client;

beforeAll(async () => {
  db = await openTestDatabase();
  other = new Client({ connectionString: db.url });
  await other.connect();
  await other.query(`create table counter (k int primary key, v int not null); insert into counter values (1, 0)`);
});
afterAll(async () => {
  await other.end();
  await db.close();
});

/** Reads the counter in a SERIALIZABLE transaction, lets `meanwhile` run, then increments what it read. */
const increment = (meanwhile: () => Promise<void>) =>
  db.orm.em.fork().transactional(
    async (em) => {
      const [{ v }] = await (em as EntityManager).getConnection().execute<{ v: number }[]>(`select v from counter where k = 1`, [], 'all', em.getTransactionContext());
      await meanwhile();
      await (em as EntityManager).getConnection().execute(`update counter set v = ? where k = 1`, [v + 1], 'run', em.getTransactionContext());
    },
    { isolationLevel: IsolationLevel.SERIALIZABLE },
  );

const value = async () => (await other.query<{ v: number }>(`select v from counter where k = 1`)).rows[0].v;

describe('retryOnConflict', () => {
  it('runs a transaction aborted by a concurrent update (40001) again, and the second run counts both', async () => {
    const before = await value();
    const failures: string[] = [];
    const attempts = await retryOnConflict(
      async (attempt) => {
        // The first attempt's snapshot is overtaken by a commit before it writes.
        await increment(async () => (attempt === 1 ? void (await other.query(`update counter set v = v + 1 where k = 1`)) : undefined));
        return attempt;
      },
      undefined,
      (error) => failures.push((error as { code: string }).code),
    );
    expect(attempts).toBe(2);
    expect(failures).toEqual(['40001']);
    expect(await value()).toBe(before + 2);
  });

  it('gives up after the bounded number of tries and throws the failure as it came; other errors are not retried', async () => {
    let tries = 0;
    const failing = retryOnConflict(async () => {
      tries++;
      await increment(async () => void (await other.query(`update counter set v = v + 1 where k = 1`)));
    }, { attempts: 3, baseMs: 1, maxMs: 5 });
    await expect(failing).rejects.toMatchObject({ code: '40001' });
    expect(tries).toBe(3);
    let plain = 0;
    await expect(retryOnConflict(async () => {
      plain++;
      await db.orm.em.getConnection().execute(`select 1/0`);
    })).rejects.toMatchObject({ code: '22012' });
    expect(plain).toBe(1);
  });
});

describe('ORM and knex logging', () => {
  it('sends MikroORM and knex messages to pino, not the console', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ level: 'debug' }, sink);
    const spies = (['log', 'warn', 'error'] as const).map((m) => jest.spyOn(console, m));
    const orm = await MikroORM.init(ormConfig(db.url, entities, { debug: ['query'] }, { logger }));
    try {
      await orm.em.getConnection().execute(`select 42 as answer`);
      (orm.em.getKnex().client as unknown as { logger: { warn(m: string): void } }).logger.warn('pool is tired');
    } finally {
      await orm.close(true);
    }
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed).toContainEqual(expect.objectContaining({ component: 'mikro-orm', namespace: 'query', msg: expect.stringContaining('select 42 as answer') }));
    expect(parsed).toContainEqual(expect.objectContaining({ component: 'knex', level: 40, msg: 'pool is tired' }));
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });
});
