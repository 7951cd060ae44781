import { EntityManager } from '@mikro-orm/postgresql';
import { LedgerError } from '../../src/ledger/ledger.errors';
import { MovementInput } from '../../src/ledger/ledger.inputs';
import { lookUpReferences, referenceProblem } from '../../src/ledger/movement-references';
import { checkSubmission } from '../../src/ledger/movement-submission';
import { StorageType } from '../../src/registry/registry.enums';
import { RegistryService } from '../../src/registry/registry.service';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, regulator, registerEnterprise, registerWarehouse } from '../support/fixtures';
import { inbound, LEDGER_NOW, outbound, record, registerTrader, Trader } from '../support/ledger-fixtures';
import { countStatements } from '../support/statements';

/* A submission's codes once found are not asked again (issue 12); a code not found, or found inside a transaction, is asked each time. */

let db: TestDatabase;
let trader: Trader;

beforeAll(async () => {
  db = await openTestDatabase();
  trader = await registerTrader(db, 40);
});
afterAll(async () => {
  await db.close();
});

const movements = (entries: MovementInput[]) => checkSubmission({ requestId: 'refs', entries }, new Date(LEDGER_NOW), 300_000).movements;
const lookUp = (entries: MovementInput[], em: EntityManager = db.orm.em.fork(), chain = trader.code) => countStatements(() => lookUpReferences(em, chain, movements(entries)));
const lookups = (sql: string[]) => sql.filter((s) => /json_to_recordset/.test(s)).length;

describe('references remembered', () => {
  it('a submission whose codes were found before sends no lookup, and resolves them the same', async () => {
    const first = await lookUp([inbound(trader.product)]);
    expect(lookups(first.sql)).toBe(1);
    const again = await lookUp([inbound(trader.product), inbound(trader.product, { warehouse: 'W1', batch: 'B2' })]);
    expect(again.sql).toEqual([]);
    expect(again.result).toEqual(first.result);
    // W2 was not in the first submission: its code is asked.
    const other = await lookUp([inbound(trader.product, { warehouse: 'W2' })]);
    expect(lookups(other.sql)).toBe(1);
    expect(other.result.warehouses.get('W2')!.id).not.toBe(first.result.warehouses.get('W1')!.id);
    expect((await lookUp([inbound(trader.product, { warehouse: 'W2' })])).sql).toEqual([]);
  });

  it('a code not found is asked again each time, and found once it is registered', async () => {
    const missing = [inbound(trader.product, { warehouse: 'W9' })];
    for (let i = 0; i < 2; i++) {
      const { result, sql } = await lookUp(missing);
      expect(lookups(sql)).toBe(1);
      expect(referenceProblem(movements(missing)[0], result)).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'entries', 0, 'warehouse'] });
    }
    await registerWarehouse(db.orm.em.fork(), trader.code, 'W9');
    const found = await lookUp(missing);
    expect(lookups(found.sql)).toBe(1);
    expect(referenceProblem(movements(missing)[0], found.result)).toBeNull();
    expect((await lookUp(missing)).sql).toEqual([]);
  });

  it('an unregistered counterparty is asked each time; a registered one is remembered', async () => {
    const buyerCode = creditCode(41);
    const sale = [outbound(trader.product, { counterparty: buyerCode })];
    for (let i = 0; i < 2; i++) {
      const { result, sql } = await lookUp(sale);
      expect(lookups(sql)).toBe(1);
      expect(result.counterparties.has(buyerCode)).toBe(false);
    }
    const buyer = await registerEnterprise(db.orm.em.fork(), 41);
    const { result, sql } = await lookUp(sale);
    expect(lookups(sql)).toBe(1);
    expect(result.counterparties.get(buyerCode)).toEqual({ id: buyer.id });
    expect((await lookUp(sale)).sql).toEqual([]);
  });

  it('what a transaction found is not remembered: rolled back, its warehouse is not found', async () => {
    const inside = [inbound(trader.product, { warehouse: 'W7' })];
    await expect(
      db.orm.em.fork().transactional(async (tx) => {
        await new RegistryService(tx).registerWarehouse(regulator, { enterprise: trader.code, code: 'W7', name: '仓库 W7', address: '上海市某区某路1号', storageType: StorageType.WAREHOUSE, capacityTonnes: '10' });
        const { result } = await lookUp(inside, tx);
        expect(result.warehouses.has('W7')).toBe(true);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await lookUp(inside);
    expect(lookups(after.sql)).toBe(1);
    expect(after.result.warehouses.has('W7')).toBe(false);
  });

  it('an enterprise not registered is refused each time; a movement recorded after a remembered lookup is appended as before', async () => {
    const stranger = creditCode(42);
    for (let i = 0; i < 2; i++) await expect(lookUp([inbound(trader.product)], db.orm.em.fork(), stranger)).rejects.toBeInstanceOf(LedgerError);
    const recorded = await record(db, trader.viewer, [inbound(trader.product, { batch: 'R1', quantity: '5' })]);
    expect(recorded.entries).toHaveLength(1);
    expect(recorded.entries[0]).toMatchObject({ warehouseCode: 'W1', productCode: trader.product, quantity: '5.000' });
  });
});
