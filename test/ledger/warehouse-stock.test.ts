/**
 * Each warehouse's running tonnes (ledger_warehouse_stock), which OVER_CAPACITY reads instead of summing
 * every balance the warehouse ever held: kept by the database on every balance write, filled in by its
 * migration from the balances already there, and checked against them by crossCheckChain.
 */
import { ChainVerificationService } from '../../src/ledger/chain-verification.service';
import { GroupCommit } from '../../src/ledger/group-commit';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode } from '../../src/licensing/licensing.enums';
import { TraceabilityChecker } from '../../src/licensing/traceability-checker';
import { Unit } from '../../src/registry/registry.enums';
import { openTestDatabase, TestDatabase } from '../support/database';
import { registerProduct, regulator } from '../support/fixtures';
import { pendingAppend } from '../support/group-commit-calls';
import { inbound, ledgerClock, ledgerService, outbound, registerTrader, superuser, Trader } from '../support/ledger-fixtures';
import { runJob } from '../support/supervision-fixtures';

const MIGRATION = 'Migration20261207124658_warehouse_stock';
let db: TestDatabase;
let traders: Trader[];

beforeAll(async () => {
  db = await openTestDatabase();
  traders = await Promise.all([1, 2, 3].map((n) => registerTrader(db, 70 + n)));
});
afterAll(() => db.close());

/** Each warehouse of the enterprise with a running total: code → tonnes. */
async function tonnes(trader: Trader): Promise<Record<string, string>> {
  const { rows } = await superuser(db, (c) =>
    c.query(
      `select w.code, s.tonnes::text as tonnes from ledger_warehouse_stock s join warehouse w on w.id = s.warehouse_id
         join enterprise e on e.id = w.enterprise_id where e.credit_code = $1 order by w.code`,
      [trader.code],
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.tonnes]));
}

const append = (trader: Trader, entries: Partial<MovementInput>[], product = trader.product) =>
  ledgerService(db, ledgerClock(), [new TraceabilityChecker()]).recordMovements(trader.viewer, {
    requestId: crypto.randomUUID(),
    entries: entries.map((e) => ({ ...inbound(product), ...e })),
  });
const verify = (trader: Trader) => new ChainVerificationService(db.orm.em.fork()).verifyChain(regulator, trader.code);

describe('the running tonnes of a warehouse', () => {
  it('follow every movement: KG and T products count, L does not; sales, corrections and group commit alike', async () => {
    const [a, b] = traders;
    const em = db.orm.em.fork();
    const inTonnes = (await registerProduct(em, a.code, 1381, Unit.T)).traceCode;
    const inLitres = (await registerProduct(em, a.code, 1381, Unit.L)).traceCode;
    await append(a, [{ batch: 'K1', quantity: '1500' }, { batch: 'K2', quantity: '0.001', warehouse: 'W2' }]);
    await append(a, [{ batch: 'T1', quantity: '2', unit: Unit.T }], inTonnes);
    await append(a, [{ batch: 'L1', quantity: '800', unit: Unit.L }], inLitres);
    const wrong = (await append(a, [outbound(a.product, { batch: 'K1', quantity: '500.25' })])).entries[0];
    await append(a, [inbound(a.product, { reason: 'CORRECTION' as never, batch: 'K1', quantity: '0.25', corrects: wrong.hash })]);
    // Two chains' calls in one transaction of group commit.
    const commit = new GroupCommit(db.orm.em.fork(), [new TraceabilityChecker()], { enabled: true, windowMs: 20, maxEntries: 64 });
    const calls = await Promise.all([
      pendingAppend(db.orm.em.fork(), a.code, 'gc-a', [outbound(a.product, { batch: 'K1', quantity: '1' }), inbound(a.product, { batch: 'K3', quantity: '3' })]),
      pendingAppend(db.orm.em.fork(), b.code, 'gc-b', [inbound(b.product, { batch: 'K1', quantity: '7', warehouse: 'W2' })]),
    ]);
    await Promise.all(calls.map((call) => commit.append(call, ledgerClock())));
    // W1: 1.5 t − 0.50025 t + 0.00025 t − 0.001 t + 0.003 t of KG, and 2 t.
    expect(await tonnes(a)).toEqual({ W1: '3.002000', W2: '0.000001' });
    expect(await tonnes(b)).toEqual({ W2: '0.007000' });
    for (const t of [a, b]) expect(await verify(t)).toMatchObject({ ok: true, disagreements: [] });
  });

  it('are filled in from the balances already there when the migration runs, and its down leaves the balances as they were', async () => {
    const [a, b] = traders;
    const before = [await tonnes(a), await tonnes(b)];
    const migrator = db.orm.getMigrator();
    await migrator.down({ migrations: [MIGRATION] });
    const { rows } = await superuser(db, (c) => c.query(`select to_regclass('ledger_warehouse_stock') as stock, (select count(*)::int from ledger_balance) as balances`));
    expect(rows[0]).toMatchObject({ stock: null, balances: 6 });
    await migrator.up({ migrations: [MIGRATION] });
    expect([await tonnes(a), await tonnes(b)]).toEqual(before);
    // The triggers are back: a movement moves the total.
    await append(b, [outbound(b.product, { batch: 'K1', quantity: '2', warehouse: 'W2' })]);
    expect(await tonnes(b)).toEqual({ W2: '0.005000' });
  });

  it('lowered by an attacker to hide a full warehouse: no OVER_CAPACITY, but verifyChain and the nightly job name the warehouse', async () => {
    const c = traders[2];
    await append(c, [{ batch: 'F1', quantity: '450000' }]);
    await superuser(db, (client) =>
      client.query(`update ledger_warehouse_stock s set tonnes = 0 from warehouse w join enterprise e on e.id = w.enterprise_id where w.id = s.warehouse_id and e.credit_code = $1`, [c.code]),
    );
    await append(c, [{ batch: 'F2', quantity: '100000' }]);
    expect(await db.orm.em.fork().find(Alert, { code: AlertCode.OVER_CAPACITY, chain: c.code })).toEqual([]);
    const seen = await verify(c);
    expect(seen.disagreements).toEqual([
      { kind: 'WAREHOUSE_TONNAGE_MISMATCH', seq: null, message: 'warehouse W1 holds 100 t by its running total, its KG and T balances sum to 550 t' },
    ]);
    await runJob(db, ledgerClock(), 'ledger-verification');
    const broken = await db.orm.em.fork().find(Alert, { code: AlertCode.CHAIN_BROKEN, chain: c.code });
    expect(broken.map((x) => x.chainFailure)).toEqual(['WAREHOUSE_TONNAGE_MISMATCH']);
  });
});
