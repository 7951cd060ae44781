/**
 * A TOWN regulator reads its own town: the enterprise and what hangs from it (licences, inspections,
 * alerts, stock) of another town is FORBIDDEN naming the enterprise, and lists hold its town's rows only.
 * DISTRICT and CITY regulators read the whole deployment.
 */
import { Role, Viewer } from '../../src/access/viewer';
import { Alert } from '../../src/licensing/alert.entity';
import { AlertCode } from '../../src/licensing/licensing.enums';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, registerEnterprise, registerProduct, registerWarehouse } from '../support/fixtures';
import { schedule } from '../support/inspection-fixtures';
import { appendChecked, issueLicence } from '../support/licensing-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2025-03-03T02:00:00Z');
const regulatorAt = (level: EnforcementLevel, town?: string): Viewer => ({ role: Role.REGULATOR, subject: `${level}-${town ?? ''}`, level, ...(town ? { town } : {}) });
const GAOQIAO = regulatorAt(EnforcementLevel.TOWN, '高桥镇');
const DISTRICT = regulatorAt(EnforcementLevel.DISTRICT);
const HERE = creditCode(1601);
const THERE = creditCode(1602);
let licenceThere: string;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  const em = db.orm.em;
  await registerEnterprise(em, 1601, { town: '高桥镇' });
  await registerEnterprise(em, 1602, { town: '新桥镇' });
  for (const code of [HERE, THERE]) {
    await schedule(em, clock, code, { scheduledDate: '2025-03-20' });
    const licence = await issueLicence(em, clock, code);
    if (code === THERE) licenceThere = licence.id;
    const fork = em.fork();
    fork.create(Alert, { code: AlertCode.OVER_CAPACITY, enterprise: await fork.findOneOrFail(Enterprise, { creditCode: code }), chain: code, entrySeq: 1, message: '超量储存' } as never);
    await fork.flush();
  }
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const LISTS = `query { enterprises(first: 50) { edges { node { creditCode } } }
  inspections(first: 50) { edges { node { enterprise { creditCode } } } }
  licences(first: 50) { edges { node { holder { creditCode } } } }
  alerts(first: 50) { edges { node { enterprise { creditCode } } } } }`;
const holders = (data: Record<string, { edges: { node: Record<string, unknown> }[] }>) =>
  Object.fromEntries(
    Object.entries(data).map(([list, page]) => [list, [...new Set(page.edges.map(({ node }) => (node.creditCode ?? (node.enterprise as { creditCode: string } | undefined)?.creditCode ?? (node.holder as { creditCode: string }).creditCode) as string))].sort()]),
  );

describe('a TOWN regulator', () => {
  it('lists only its own town: enterprises, inspections, licences, alerts', async () => {
    const own = await api.run(LISTS, {}, GAOQIAO);
    expect(own.errors).toBeUndefined();
    expect(holders(own.data as never)).toEqual({ enterprises: [HERE], inspections: [HERE], licences: [HERE], alerts: [HERE] });
    const filtered = await api.run(`query { enterprises(first: 5, town: "新桥镇") { totalCount } }`, {}, GAOQIAO);
    expect(filtered.data).toEqual({ enterprises: { totalCount: 0 } });
  });

  it("reads another town's enterprise or licence as FORBIDDEN naming it; its own town's at once", async () => {
    const enterprise = await api.run(`query($c: CreditCode!) { enterprise(creditCode: $c) { name } }`, { c: THERE }, GAOQIAO);
    expect(codes(enterprise)).toEqual(['FORBIDDEN']);
    expect(enterprise.errors![0].extensions!.field).toBe('creditCode');
    expect(enterprise.errors![0].message).toContain(THERE);
    const licence = await api.run(`query($id: ID!) { licence(id: $id) { number } }`, { id: licenceThere }, GAOQIAO);
    expect(codes(licence)).toEqual(['FORBIDDEN']);
    const nested = await api.run(`query { licences(first: 5, holder: "${HERE}") { edges { node { holder { creditCode } } } } }`, {}, GAOQIAO);
    expect(nested.errors).toBeUndefined();
    expect(codes(await api.run(`query($c: CreditCode!) { enterprise(creditCode: $c) { name } }`, { c: HERE }, GAOQIAO))).toEqual([]);
    const chain = await api.run(`query($c: CreditCode!) { chain(creditCode: $c) { length } }`, { c: THERE }, GAOQIAO);
    expect(codes(chain)).toEqual(['FORBIDDEN']);
    expect(chain.errors![0].extensions!.field).toBe('creditCode');
  });

  it("reads no movements of another town's chain", async () => {
    const fork = db.orm.em.fork();
    const enterprise = await fork.findOneOrFail(Enterprise, { creditCode: THERE });
    await appendChecked(db.orm.em, { enterprise, warehouse: await registerWarehouse(db.orm.em, THERE), product: await registerProduct(db.orm.em, THERE), reason: 'PURCHASE', occurredAt: new Date('2025-03-02T02:00:00Z') });
    const movements = await api.run(`query($c: CreditCode!) { movements(enterprise: $c, first: 5) { totalCount } }`, { c: THERE }, GAOQIAO);
    expect(movements.data).toEqual({ movements: { totalCount: 0 } });
    expect((await api.run(`query($c: CreditCode!) { movements(enterprise: $c, first: 5) { totalCount } }`, { c: THERE }, DISTRICT)).data!.movements.totalCount).toBe(1);
  });
});

describe('a DISTRICT regulator', () => {
  it('reads every town', async () => {
    const all = await api.run(LISTS, {}, DISTRICT);
    expect(holders(all.data as never)).toEqual({ enterprises: [HERE, THERE], inspections: [HERE, THERE], licences: [HERE, THERE], alerts: [HERE, THERE] });
  });
});
