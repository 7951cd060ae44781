import { MikroORM } from '@mikro-orm/postgresql';
import pino from 'pino';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { ormConfig, statementTimeout } from '../../src/db/orm-config';
import { entities } from '../../src/entities';
import { LedgerService } from '../../src/ledger/ledger.service';
import { openTestDatabase, TestDatabase } from '../support/database';
import { ledgerClock, movement, registerTrader } from '../support/ledger-fixtures';
import { startTestServer } from '../support/http';
import { rowCounts } from '../support/row-counts';

/** What a request may hold of the database, and what a caller sees when the database is gone. */
let db: TestDatabase;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Another session holding `lockSql` in an open transaction until `release()`. */
async function holdLock(lockSql: string) {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(lockSql);
  return {
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

describe('the statement timeout', () => {
  it('a request waiting past it is cancelled and answered QUERY_TIMEOUT, without SQL', async () => {
    const orm = await MikroORM.init(ormConfig(db.url, entities, statementTimeout(1000)));
    const api = await startTestServer({ orm });
    const lock = await holdLock('LOCK TABLE chemical IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const { status, body } = await api.gql('{ chemicals(first: 1) { totalCount } }');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(status).toBe(200);
      expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TIMEOUT' });
      expect(JSON.stringify(body)).not.toMatch(/select|chemical"/i);
    } finally {
      await lock.release();
      await api.stop();
      await orm.close(true);
    }
  });

  it('an append has its own, longer one: it waits out a lock the serving timeout would not', async () => {
    const orm = await MikroORM.init(ormConfig(db.url, entities, statementTimeout(1000)));
    try {
      const trader = await registerTrader(db, 41);
      const ledger = () => new LedgerService(orm.em.fork(), ledgerClock());
      await ledger().recordMovements(trader.viewer, { requestId: 'first', entries: [movement(trader.product)] });
      const lock = await holdLock(`SELECT 1 FROM ledger_chain WHERE chain = '${trader.code}' FOR UPDATE`);
      const appended = ledger().recordMovements(trader.viewer, { requestId: 'second', entries: [movement(trader.product)] });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await lock.release();
      expect((await appended).entries).toHaveLength(1);
    } finally {
      await orm.close(true);
    }
  });

  it('requests get the timeout; jobs and migrations a pool without it', async () => {
    const database = await openDatabase(loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test' }), pino({ level: 'silent' }), entities);
    try {
      const show = async (orm: MikroORM) => (await orm.em.getConnection().execute('SHOW statement_timeout'))[0].statement_timeout;
      expect(await show(database.orm)).toBe('10s');
      expect(await show(database.background)).toBe('0');
    } finally {
      await database.close();
    }
  });
});

describe('a database that cannot be reached', () => {
  it('GraphQL answers 503 SERVICE_UNAVAILABLE with Retry-After, /readyz 503, and no driver message leaves', async () => {
    // A pool pointed at a port nothing listens on: every connection attempt is refused.
    const orm = await MikroORM.init(ormConfig('postgres://postgres@127.0.0.1:1/gone', entities, { connect: false }));
    const api = await startTestServer({ orm });
    try {
      const { status, headers, body } = await api.gql('{ chemicals(first: 1) { totalCount } }');
      expect(status).toBe(503);
      expect(headers.get('retry-after')).toBe('5');
      expect(body.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
      expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
      const ready = await fetch(`${api.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).not.toContain('ECONNREFUSED');
    } finally {
      await api.stop();
      await orm.close(true);
    }
  });

  it('a session killed mid-request (pg_terminate_backend) is SERVICE_UNAVAILABLE, not an internal error, and writes nothing', async () => {
    const orm = await MikroORM.init(ormConfig(db.url, entities));
    const api = await startTestServer({ orm });
    const before = await rowCounts(db.orm);
    const lock = await holdLock('LOCK TABLE chemical IN ACCESS EXCLUSIVE MODE');
    try {
      const answer = api.gql('{ chemicals(first: 1) { totalCount } }');
      const admin = new Client({ connectionString: db.url });
      await admin.connect();
      // Wait for the request's statement to be waiting on the lock, then end its session.
      for (let waiting = 0, tries = 0; waiting === 0; tries++) {
        const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        waiting = rows[0].n;
        if (tries > 200) throw new Error(JSON.stringify((await admin.query(`SELECT query, state, wait_event_type FROM pg_stat_activity WHERE datname = current_database()`)).rows));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      await admin.end();
      const { status, body } = await answer;
      expect(status).toBe(503);
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await lock.release();
      await api.stop();
      await orm.close(true);
    }
    expect(await rowCounts(db.orm)).toEqual(before);
  });
});
