import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/db/orm-config';
import { rawQuery } from '../../src/db/raw-query';
import { entities } from '../../src/entities';
import { LOG_FRONTIER } from '../../src/ledger/log-store';
import { LedgerService } from '../../src/ledger/ledger.service';
import { ShipmentScanService } from '../../src/ledger/shipment-scan.service';
import { drawShipmentCode } from '../../src/proof/shipment-code';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, outbound, registerTrader, superuser, Trader } from '../support/ledger-fixtures';

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

/** The plan of `statement` as this connection runs it; `analyze` runs it too (never for a write). */
const planOf = async (statement: string, values: unknown[] = [], analyze = true) =>
  (await rawQuery<{ 'QUERY PLAN': string }>(orm.em.fork(), `explain (${analyze ? 'analyze, timing off, summary off, ' : ''}costs off) ${statement}`, values))
    .map((r) => r['QUERY PLAN'])
    .join('\n');

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

  it('an append updates the shipments a receipt moved by key among 5,000', async () => {
    // Shipments as the ledger would hold them, copied from one real one (their keys made up, foreign keys unchecked).
    const buyer = await registerTrader(db, 82);
    const ledger = new LedgerService(orm.em.fork(), ledgerClock());
    await ledger.recordMovements(trader.viewer, { requestId: 'sale', entries: [inbound(trader.product, { batch: 'SOLD' }), outbound(trader.product, { batch: 'SOLD', quantity: '1', counterparty: buyer.code })] });
    await superuser(db, async (client) => {
      const { rows } = await client.query<{ columns: string }>(
        `select string_agg(quote_ident(column_name), ', ') as columns from information_schema.columns
          where table_name = 'ledger_shipment' and is_generated = 'NEVER' and column_name not in ('id', 'out_entry_id', 'code')`,
      );
      await client.query('set session_replication_role = replica');
      await client.query(
        `insert into ledger_shipment (out_entry_id, code, ${rows[0].columns})
         select 1000000000 + n, 'SYN' || n, ${rows[0].columns} from ledger_shipment, generate_series(1, 5000) as n`,
      );
      await client.query('analyze ledger_shipment; analyze ledger_chain');
    });
    const shipment = `[{"id": 1, "received": 0, "cancelled": 0}]`;
    const plan = await planOf(`execute hz_append_write('[]', '[]', '[]', '${shipment}', now(), '[]', '[]', '[]', '[{"c": "${trader.code}", "s": 99, "h": "x"}]', '')`, [], false);
    if (process.env.PRINT_PLANS) console.log(plan);
    expect(plan).toMatch(/Index Scan using ledger_shipment_pkey on ledger_shipment/);
    expect(plan).not.toMatch(/Seq Scan on ledger_shipment/);
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

  it('a scan reads the shipments it names, and their OUT entries, by key among 5,000 and 3,000', async () => {
    // Past the five custom plans: codes drawn, none held (NOT_FOUND). The 5,000 shipments and 3,000 entries are the tests' above.
    const scans = new ShipmentScanService(orm.em.fork(), ledgerClock());
    const buyer = await registerTrader(db, 83);
    for (let i = 0; i < 7; i++) await expect(scans.receiveShipment(buyer.viewer, { code: drawShipmentCode(), warehouse: 'W1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const plan = await planOf(`execute hz_scan_shipments('{SYN777,SYN4242}')`);
    if (process.env.PRINT_PLANS) console.log(plan);
    expect(plan).toMatch(/Index Scan (using|on) ledger_shipment_code_unique/);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
