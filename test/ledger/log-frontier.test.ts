import { rawQuery } from '../../src/db/raw-query';
import { LogIntegrator } from '../../src/ledger/log-integrator';
import { LOG_FRONTIER } from '../../src/ledger/log-store';
import { generateSigner } from '../../src/proof/signed-note';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, ledgerClock, record, registerTrader, Trader } from '../support/ledger-fixtures';

/**
 * The integrator's frontier statement looks up each chain's logged seq in
 * log_leaf only when some entry is pending: an idle pass (and the runner's
 * periodic look finds nothing most of the time) would otherwise pay a lookup
 * a chain, 16–30 ms at 1,000 chains, every LOG_INTEGRATE_MS.
 */
let db: TestDatabase;
const traders: Trader[] = [];
const integrator = () => new LogIntegrator(db.orm.em.fork(), generateSigner('frontier.test/ledger'), ledgerClock());

beforeAll(async () => {
  db = await openTestDatabase();
  for (const n of [61, 62, 63]) traders.push(await registerTrader(db, n));
  for (const t of traders) await record(db, t.viewer, [inbound(t.product), inbound(t.product, { batch: 'B2' })]);
});
afterAll(async () => {
  await db.close();
});

/** How the plan ran the per-chain lookup of log_leaf: `never executed`, or its loops. */
async function chainLookups(): Promise<string> {
  const rows = await rawQuery<{ 'QUERY PLAN': string }>(db.orm.em.fork(), `explain (analyze, costs off, timing off, summary off) ${LOG_FRONTIER}`, [1000, 1000]);
  const line = rows.map((r) => r['QUERY PLAN']).find((text) => text.includes('log_leaf_chain_seq_unique'));
  if (!line) throw new Error(`no lookup of log_leaf by chain in the plan:\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  return line.includes('never executed') ? 'never executed' : /loops=(\d+)/.exec(line)![1];
}

describe('the log frontier', () => {
  it('looks up every chain while entries are pending, and takes them', async () => {
    expect(Number(await chainLookups())).toBeGreaterThanOrEqual(traders.length);
    expect(await integrator().integrateAll()).toBe(2 * traders.length);
  });

  it('reads no chain once every committed entry is in the tree', async () => {
    expect(await chainLookups()).toBe('never executed');
    expect((await integrator().integrate()).entries).toBe(0);
  });

  it('finds the one entry committed after that, through the chains again', async () => {
    await record(db, traders[1].viewer, [inbound(traders[1].product, { batch: 'LATE' })]);
    expect(Number(await chainLookups())).toBeGreaterThanOrEqual(traders.length);
    expect((await integrator().integrate()).entries).toBe(1);
    expect(await chainLookups()).toBe('never executed');
  });
});
