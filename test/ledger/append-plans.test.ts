import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/db/orm-config';
import { rawQuery } from '../../src/db/raw-query';
import { entities } from '../../src/entities';
import { LOG_FRONTIER } from '../../src/ledger/log-store';
import { LedgerService } from '../../src/ledger/ledger.service';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, registerTrader, superuser, Trader } from '../support/ledger-fixtures';

/**
 * The append's and the log integrator's statements read by key whatever the tables hold. A connection prepares
 * the append's statements on its first calls and runs them while the tables grow; a plan PostgreSQL picks from
 * its estimates (json_to_recordset counts as 100 rows, a range bounded by another CTE's value as a third of the
 * table) read whole tables from a few thousand rows until some tens of thousands (issue 12: 1 ms of every
 * group's first statement at 4,300 requests, 16 ms of every integration pass at 37,000 entries).
 */
let db: TestDatabase;
let orm: MikroORM;
let trader: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  // One connection, as a server's pooled one: EXPLAIN EXECUTE shows the plan it now runs the statement with.
  orm = await MikroORM.init(ormConfig(db.url, entities, { pool: { min: 1, max: 1 } }));
  trader = await registerTrader(db, 81);
});
afterAll(async () => {
  await orm.close(true);
  await db.close();
});

const planOf = async (statement: string, values: unknown[] = []) =>
  (await rawQuery<{ 'QUERY PLAN': string }>(orm.em.fork(), `explain (analyze, costs off, timing off, summary off) ${statement}`, values)).map((r) => r['QUERY PLAN']).join('\n');

describe('plans that stay lookups as the ledger grows', () => {
  it('an append reads its prior requests by primary key among 20,000', async () => {
    const ledger = new LedgerService(orm.em.fork(), ledgerClock());
    // Past PostgreSQL's five custom plans: the connection now runs its generic plan.
    for (let i = 0; i < 7; i++) await ledger.recordMovements(trader.viewer, { requestId: `plan-${i}`, entries: [inbound(trader.product, { quantity: '1' })] });
    await superuser(db, async (client) => {
      await client.query(
        `insert into ledger_request (chain, request_id, digest, first_seq, entry_count, recorded_at)
         select $1, 'synthetic-' || n, repeat('0', 64), 1, 1, now() from generate_series(1, 20000) as n`,
        [trader.code],
      );
      await client.query('analyze ledger_request');
    });
    const asked = JSON.stringify([{ c: trader.code, r: 'synthetic-777' }]);
    const plan = await planOf(`execute hz_append_lock('${asked}', '60000', '[]', '[]', '[]', '[]')`);
    if (process.env.PRINT_PLANS) console.log(plan);
    expect(plan).toContain('ledger_request_pkey');
    expect(plan).not.toMatch(/Seq Scan on ledger_request/);
  });

  it('an integration pass reads the pending entries as a range of the primary key, never the whole ledger', async () => {
    const ledger = new LedgerService(orm.em.fork(), ledgerClock());
    for (let call = 0; call < 3; call++) {
      const entries = Array.from({ length: 1000 }, (_, i) => inbound(trader.product, { batch: `R${call}-${i}`, quantity: '1' }));
      await ledger.recordMovements(trader.viewer, { requestId: `range-${call}`, entries });
    }
    await superuser(db, (client) => client.query('analyze ledger_entry'));
    const plan = await planOf(LOG_FRONTIER.replace(/\?/g, () => '20000'));
    if (process.env.PRINT_PLANS) console.log(plan);
    expect(plan).toContain('ledger_entry_pkey');
    expect(plan).not.toMatch(/Seq Scan on ledger_entry/);
  });
});
