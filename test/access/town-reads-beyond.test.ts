/**
 * A TOWN regulator's reads beyond the register (test/access/town-reads.test.ts has the register): shipments
 * leaving from or coming to its town, traces of its town's batches, its town's dashboard figures, credit
 * reports and key-unit coverage; another town's named is FORBIDDEN naming the field. POST /export runs each
 * page as a GraphQL operation of the same viewer, so it holds the same rows and writes the same read log.
 */
import { mintToken } from '../../src/access/tokens';
import { RegulatorRead } from '../../src/access/regulator-read.entity';
import { Role, Viewer } from '../../src/access/viewer';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, registerProduct, registerWarehouse } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';
import { inbound, outbound, record } from '../support/ledger-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let http: Awaited<ReturnType<typeof startTestServer>>;
const GAOQIAO: Viewer = { role: Role.REGULATOR, subject: 'gaoqiao', level: EnforcementLevel.TOWN, town: '高桥镇' };
const DISTRICT: Viewer = { role: Role.REGULATOR, subject: 'district', level: EnforcementLevel.DISTRICT };
/** HERE is in 高桥镇; THERE and YONDER in 新桥镇. */
const [HERE, THERE, YONDER] = [creditCode(1801), creditCode(1802), creditCode(1803)];
const products: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
  http = await startTestServer(db);
  for (const [n, town] of [[1801, '高桥镇'], [1802, '新桥镇'], [1803, '新桥镇']] as const) {
    const code = (await registerEnterprise(db.orm.em, n, { town, keyUnit: true })).creditCode;
    await registerWarehouse(db.orm.em, code);
    products[code] = (await registerProduct(db.orm.em, code)).traceCode;
    await record(db, enterpriseViewer(code), [inbound(products[code], { batch: 'L1', quantity: '100' })]);
  }
  // HERE → THERE touches 高桥镇; THERE → YONDER does not.
  await record(db, enterpriseViewer(HERE), [outbound(products[HERE], { batch: 'L1', quantity: '5', counterparty: THERE, transportDoc: 'WB-1' })]);
  await record(db, enterpriseViewer(THERE), [outbound(products[THERE], { batch: 'L1', quantity: '5', counterparty: YONDER, transportDoc: 'WB-2' })]);
});
afterAll(async () => {
  await http.stop();
  await api.stop();
  await db.close();
});

const SHIPMENTS = `query($e: CreditCode) { shipments(enterprise: $e, openOnly: false) { edges { node { senderCode receiverCode } } } }`;
const pairs = (data: any) => data.shipments.edges.map((e: any) => `${e.node.senderCode}→${e.node.receiverCode}`);

async function expectForbidden(query: string, variables: Record<string, unknown>, field: string) {
  const result = await api.run(query, variables, GAOQIAO);
  expect(codes(result)).toEqual(['FORBIDDEN']);
  expect(result.errors![0].extensions!.field).toBe(field);
}

describe('a TOWN regulator', () => {
  it("lists the shipments leaving from or coming to its town; another town's enterprise named is FORBIDDEN", async () => {
    expect(pairs((await api.run(SHIPMENTS, {}, GAOQIAO)).data)).toEqual([`${HERE}→${THERE}`]);
    expect(pairs((await api.run(SHIPMENTS, { e: HERE }, GAOQIAO)).data)).toEqual([`${HERE}→${THERE}`]);
    await expectForbidden(SHIPMENTS, { e: YONDER }, 'enterprise');
    expect(pairs((await api.run(SHIPMENTS, {}, DISTRICT)).data).sort()).toEqual([`${HERE}→${THERE}`, `${THERE}→${YONDER}`].sort());
  });

  it("traces its town's batches, not another town's", async () => {
    const trace = `query($p: String!) { traceBatch(product: $p, batch: "L1") { nodes { enterpriseCode } } }`;
    const own = await api.run(trace, { p: products[HERE] }, GAOQIAO);
    expect(own.errors).toBeUndefined();
    expect(own.data!.traceBatch.nodes.map((n: { enterpriseCode: string }) => n.enterpriseCode)).toContain(HERE);
    await expectForbidden(trace, { p: products[THERE] }, 'product');
  });

  it("reads another town's credit report as FORBIDDEN, its own", async () => {
    const report = `query($c: CreditCode!) { creditReport(creditCode: $c) { enterprise { creditCode } } }`;
    expect((await api.run(report, { c: HERE }, GAOQIAO)).data).toEqual({ creditReport: { enterprise: { creditCode: HERE } } });
    await expectForbidden(report, { c: THERE }, 'creditCode');
  });

  it("sees its town's key units not covered, and its town's dashboard figures", async () => {
    const keyUnits = `query { keyUnitsNotCovered(year: 2026, first: 10) { edges { node { creditCode } } } }`;
    const codesOf = (data: any) => data.keyUnitsNotCovered.edges.map((e: any) => e.node.creditCode);
    expect(codesOf((await api.run(keyUnits, {}, GAOQIAO)).data)).toEqual([HERE]);
    expect(codesOf((await api.run(keyUnits, {}, DISTRICT)).data)).toEqual([HERE, THERE, YONDER]);

    const overview = `{ supervisionOverview { enterprisesByGrade { town count } hazardStockByTown { town highlyToxicTonnes } } }`;
    const own = (await api.run(overview, {}, GAOQIAO)).data!.supervisionOverview;
    expect(own.enterprisesByGrade).toEqual([{ town: '高桥镇', count: 1 }]);
    expect(own.hazardStockByTown).toEqual([{ town: '高桥镇', highlyToxicTonnes: '0.095' }]);
    const all = (await api.run(overview, {}, DISTRICT)).data!.supervisionOverview;
    expect(all.hazardStockByTown.map((s: { town: string }) => s.town)).toEqual(['新桥镇', '高桥镇']);
  });

  it('exports its own town only, each page in the read log as a GraphQL query is', async () => {
    const token = await mintToken(SECRET, { role: Role.REGULATOR, subject: 'gaoqiao.export', level: EnforcementLevel.TOWN, town: '高桥镇', expiresInSeconds: 600 });
    const response = await fetch(`${http.base}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ format: 'csv', query: `{ enterprises { edges { node { creditCode town } } } }` }),
    });
    expect(response.status).toBe(200);
    const rows = (await response.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1);
    expect(rows).toEqual([`${HERE},高桥镇`]);
    const logged = await db.orm.em.fork().find(RegulatorRead, { subject: 'gaoqiao.export' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'TOWN', town: '高桥镇', enterprises: [HERE], rowsReturned: 1, outcome: 'OK' });
  });
});
