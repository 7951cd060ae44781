import { Alert } from '../../src/licensing/alert.entity';
import { LicenceType } from '../../src/licensing/licensing.enums';
import { fixedClock } from '../../src/shared/clock';
import { createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, registerProduct, registerWarehouse, regulator } from '../support/fixtures';
import { CHLORINE, issueLicence } from '../support/licensing-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-11-26T02:00:00Z');
const A = creditCode(500);
const B = creditCode(501);
let productCode: string;

const RECORD = `mutation($input: RecordMovementsInput!) { recordMovements(input: $input) { entries { seq hash } } }`;
const movement = (extra: Record<string, unknown>) => ({ warehouse: 'W1', batch: 'L1', quantity: '10', unit: 'KG', occurredAt: '2026-11-26T11:00:00+08:00', ...extra });

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 500);
  await registerEnterprise(db.orm.em, 501);
  await registerWarehouse(db.orm.em, A);
  await registerWarehouse(db.orm.em, B);
  productCode = (await registerProduct(db.orm.em, A, CHLORINE)).traceCode;
  await issueLicence(db.orm.em, clock, A, { type: LicenceType.SAFETY_PRODUCTION, scope: [{ chemicalSerial: CHLORINE, storageAllowed: true }] });
  clock.set('2026-11-26T04:00:00Z');
  // A produces chlorine (licensed) and sells it to B, which holds no licence; B receives it.
  const produced = await api.run(RECORD, { input: { requestId: 'r1', entries: [movement({ direction: 'IN', reason: 'PRODUCTION', product: productCode })] } }, enterpriseViewer(A));
  expect(produced.errors).toBeUndefined();
  const sold = await api.run(RECORD, { input: { requestId: 'r2', entries: [movement({ direction: 'OUT', reason: 'SALE', product: productCode, counterparty: B, quantity: '4', transportDoc: 'WB-1' })] } }, enterpriseViewer(A));
  expect(sold.errors).toBeUndefined();
  const received = await api.run(
    RECORD,
    { input: { requestId: 'r3', entries: [movement({ direction: 'IN', reason: 'PURCHASE', product: productCode, counterparty: A, quantity: '4', sourceHash: sold.data!.recordMovements.entries[0].hash })] } },
    enterpriseViewer(B),
  );
  expect(received.errors).toBeUndefined();
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

it('the ledger runs the licence checks on every append and never refuses the entry', async () => {
  const alerts = await db.orm.em.fork().find(Alert, {}, { orderBy: { id: 'asc' }, populate: ['enterprise'] });
  expect(alerts.map((a) => [a.enterprise.creditCode, a.code, a.activity, a.entrySeq])).toEqual([
    [A, 'COUNTERPARTY_UNLICENSED', 'PURCHASE', 2],
    [B, 'LICENCE_MISSING', 'PURCHASE', 1],
    [B, 'LICENCE_MISSING', 'STORAGE', 1],
  ]);
});

it('one query takes a regulator from an enterprise to its licences, warehouses, stock, movements, alerts and inspections', async () => {
  const result = await api.run(
    `query($c: CreditCode!) { enterprise(creditCode: $c) {
      licences { edges { node { type status number scope { edges { node { chemical { name } } } } } } }
      warehouses { edges { node { code } } }
      movements { totalCount edges { node { seq reason counterpartyCode } } }
      alerts { edges { node { code status entry { seq } } } }
      inspections { totalCount }
    } }`,
    { c: A },
    regulator,
  );
  expect(result.errors).toBeUndefined();
  const e = result.data!.enterprise;
  expect(e.licences.edges[0].node).toMatchObject({ type: 'SAFETY_PRODUCTION', status: 'VALID', scope: { edges: [{ node: { chemical: { name: '氯' } } }] } });
  expect(e.warehouses.edges).toEqual([{ node: { code: 'W1' } }]);
  expect(e.movements.edges.map((x: any) => x.node)).toEqual([
    { seq: 1, reason: 'PRODUCTION', counterpartyCode: null },
    { seq: 2, reason: 'SALE', counterpartyCode: B },
  ]);
  expect(e.alerts.edges).toEqual([{ node: { code: 'COUNTERPARTY_UNLICENSED', status: 'OPEN', entry: { seq: 2 } } }]);
  expect(e.inspections.totalCount).toBe(0);
});

it('reaches the stock of the enterprise', async () => {
  const result = await api.run(`query($c: CreditCode!) { enterprise(creditCode: $c) { stock { edges { node { batch quantity } } } } }`, { c: A }, regulator);
  expect(result.errors).toBeUndefined();
  expect(result.data!.enterprise.stock.edges).toEqual([{ node: { batch: 'L1', quantity: '6.000' } }]);
});

it("from a batch trace to each holder's licences", async () => {
  const result = await api.run(
    `query($p: String!) { traceBatch(product: $p, batch: "L1") { nodes { enterpriseCode enterprise { licences { totalCount edges { node { type status } } } } } } }`,
    { p: productCode },
    regulator,
  );
  expect(result.errors).toBeUndefined();
  const byHolder = Object.fromEntries(result.data!.traceBatch.nodes.map((n: any) => [n.enterpriseCode, n.enterprise.licences.totalCount]));
  expect(byHolder).toEqual({ [A]: 1, [B]: 0 });
});
