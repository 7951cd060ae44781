import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { inbound, ledgerClock, record, registerTrader } from '../support/ledger-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;

const OVERVIEW = `{ supervisionOverview {
  enterprisesByGrade { town grade count }
  hazardStockByTown { town highlyToxicTonnes precursorTonnes }
  unresolvedAlerts { code count }
  inspectionsPlannedThisMonth inspectionsDoneThisMonth licencesExpiringIn90Days
} }`;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock: ledgerClock() });
  const a = await registerTrader(db, 71);
  await registerEnterprise(db.orm.em.fork(), 72, { town: '高东镇' });
  // 1,500 kg of chlorine (highly toxic) and 2 t of it in another warehouse: 3.5 t in 高桥镇.
  await record(db, a.viewer, [inbound(a.product, { quantity: '1500' }), inbound(a.product, { warehouse: 'W2', batch: 'B2', quantity: '2000' })]);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('supervisionOverview (the regulators’ dashboard)', () => {
  it('counts enterprises by town and grade and sums hazardous stock by town in tonnes', async () => {
    const result = await api.run(OVERVIEW, {}, regulator);
    expect(result.errors).toBeUndefined();
    const o = result.data!.supervisionOverview;
    expect(o.enterprisesByGrade).toEqual([
      { town: '高东镇', grade: null, count: 1 },
      { town: '高桥镇', grade: null, count: 1 },
    ]);
    expect(o.hazardStockByTown).toEqual([{ town: '高桥镇', highlyToxicTonnes: '3.500', precursorTonnes: '0.000' }]);
    expect(o).toMatchObject({ inspectionsPlannedThisMonth: 0, inspectionsDoneThisMonth: 0, licencesExpiringIn90Days: 0 });
  });

  it('is for regulators only', async () => {
    expect(codes(await api.run(OVERVIEW, {}, enterpriseViewer('91310100000000071X')))).toEqual(['FORBIDDEN']);
  });
});
