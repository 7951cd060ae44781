/**
 * Regulators' reads of enterprise data are audited like partners' requests: one append-only
 * regulator_read_log row per query (who, level and town, operation, the enterprises concerned, rows
 * returned, outcome), written before the answer; writes are not reads; administrators read the log.
 */
import { Role, Viewer } from '../../src/access/viewer';
import { RegulatorRead } from '../../src/access/regulator-read.entity';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin, creditCode, registerEnterprise } from '../support/fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const TOWN: Viewer = { role: Role.REGULATOR, subject: 'town.reader', level: EnforcementLevel.TOWN, town: '高桥镇', user: '7' };
const A = creditCode(1701);
const B = creditCode(1702);

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
  await registerEnterprise(db.orm.em, 1701);
  await registerEnterprise(db.orm.em, 1702);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const reads = () => db.orm.em.fork().find(RegulatorRead, {}, { orderBy: { id: 'asc' } });

describe("a regulator's reads", () => {
  it('are each one row naming who, the operation, the enterprises asked for or returned and the rows', async () => {
    const one = await api.run(`query One($c: CreditCode!) { enterprise(creditCode: $c) { name } }`, { c: A }, TOWN);
    expect(one.errors).toBeUndefined();
    const list = await api.run(`query { enterprises(first: 10) { edges { node { creditCode } } } }`, {}, TOWN);
    expect(list.errors).toBeUndefined();
    const [first, second] = await reads();
    expect(first).toMatchObject({ subject: 'town.reader', userId: '7', level: 'TOWN', town: '高桥镇', operationName: 'One', enterprises: [A], rowsReturned: 1, outcome: 'OK', variables: { c: A } });
    expect(second).toMatchObject({ enterprises: [A, B], rowsReturned: 2, outcome: 'OK' });
  });

  it('refused ones are kept too; writes are not reads', async () => {
    const before = (await reads()).length;
    await api.run(`query { auditLog(first: 1) { totalCount } regulatorReadLog(first: 1) { totalCount } }`, {}, TOWN);
    await api.run(`mutation($c: CreditCode!) { recordComplaint(input: { enterprise: $c, channel: "12345", content: "异味", receivedAt: "2025-01-01T00:00:00Z" }) { id } }`, { c: A }, TOWN);
    const after = await reads();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ outcome: 'REFUSED', errorCodes: ['FORBIDDEN'] });
  });

  it('are read by administrators only, and cannot be changed or removed', async () => {
    const log = await api.run(`query($s: String) { regulatorReadLog(first: 10, subject: $s) { totalCount edges { node { subject enterprises rowsReturned } } } }`, { s: 'town.reader' }, admin);
    expect(log.errors).toBeUndefined();
    expect(log.data!.regulatorReadLog.totalCount).toBe(3);
    expect(codes(await api.run(`query { regulatorReadLog(first: 1) { totalCount } }`, {}, TOWN))).toEqual(['FORBIDDEN']);
    await expect(db.orm.em.getConnection().execute(`update regulator_read_log set subject = 'someone'`)).rejects.toThrow(/append-only/);
    await expect(db.orm.em.getConnection().execute(`delete from regulator_read_log`)).rejects.toThrow(/append-only/);
  });
});
