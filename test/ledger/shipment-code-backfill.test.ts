import { Migration20261206042000_shipment_codes as ShipmentCodes } from '../../migrations/Migration20261206042000_shipment_codes';
import { shipmentCodeCheckCharacter, shipmentCodeProblem } from '../../src/proof/shipment-code';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, outbound, record, registerTrader } from '../support/ledger-fixtures';

/**
 * Shipments opened before codes were drawn keep the code printed on their transport documents:
 * migration shipment_codes writes their number in base 31 with its check character, as it was printed.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

async function run(migration: ShipmentCodes, step: 'up' | 'down') {
  await migration[step]();
  // The migration adds plain SQL text only.
  for (const query of migration.getQueries()) await db.orm.em.getConnection().execute(query as string);
  migration.reset();
}

it('gives shipments opened before codes were drawn their numbered code, which reads as valid', async () => {
  const maker = await registerTrader(db, 1);
  const buyer = await registerTrader(db, 2);
  const sale = { batch: 'B1', quantity: '1', counterparty: buyer.code };
  await record(db, maker.viewer, [inbound(maker.product, { batch: 'B1', quantity: '10' }), outbound(maker.product, sale), outbound(maker.product, sale)]);
  const migration = new ShipmentCodes(db.orm.em.getDriver(), db.orm.config);
  await run(migration, 'down');
  await run(migration, 'up');
  const rows: { id: string; code: string }[] = await db.orm.em.getConnection().execute('select id::text as id, code from ledger_shipment order by id');
  expect(rows.map((r) => r.code)).toEqual(rows.map((r) => `000000${r.id}` + shipmentCodeCheckCharacter(`000000${r.id}`)));
  expect(rows.map((r) => shipmentCodeProblem(r.code))).toEqual([null, null]);
});
