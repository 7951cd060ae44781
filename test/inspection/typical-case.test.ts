/**
 * Typical cases (典型案例, docs/inspection.md): written up from a closed inspection, reported to the
 * city, accepted into its collection or returned with the reason by a CITY regulator other than the
 * reporter, revised and reported again; the collection exported by POST /export with Chinese headers.
 */
import ExcelJS from 'exceljs';
import { mintToken } from '../../src/access/tokens';
import { Role, Viewer } from '../../src/access/viewer';
import { Inspection } from '../../src/inspection/inspection.entity';
import { InspectionStatus, NoPenaltyReason } from '../../src/inspection/inspection.enums';
import { TypicalCaseService } from '../../src/inspection/typical-case.service';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { SECRET, startTestServer } from '../support/http';
import { schedule, stages, startAndRecord, testClock } from '../support/inspection-fixtures';
import { tableDigests } from '../support/row-counts';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
let http: Awaited<ReturnType<typeof startTestServer>>;
const clock = testClock();
const service = () => new TypicalCaseService(db.orm.em.fork(), clock);
const regulatorAt = (level: EnforcementLevel, subject: string, town?: string): Viewer => ({ role: Role.REGULATOR, subject, level, ...(town ? { town } : {}) });
const district = regulatorAt(EnforcementLevel.DISTRICT, 'district-1');
const city = regulatorAt(EnforcementLevel.CITY, 'city-1');
const cityReviewer = regulatorAt(EnforcementLevel.CITY, 'city-2');
const gaoqiao = regulatorAt(EnforcementLevel.TOWN, 'town-1', '高桥镇');
const xinqiao = regulatorAt(EnforcementLevel.TOWN, 'town-2', '新桥镇');

async function closedInspection(n: number): Promise<Inspection> {
  const s = stages(db.orm.em, clock);
  const inspection = await schedule(db.orm.em, clock, creditCode(n), { scheduledDate: '2025-03-03' });
  await startAndRecord(db.orm.em, clock, inspection);
  await s.inspections.completeInspection(regulator, inspection.id);
  await s.penalties.recordPenaltyDecision(regulator, { inspectionId: inspection.id, penalized: false, noPenaltyReason: NoPenaltyReason.FIRST_OFFENCE });
  return s.inspections.closeInspection(regulator, inspection.id);
}

const REPORT = `mutation($id: ID!) { reportTypicalCase(id: $id) { status reportedAt } }`;
const ACCEPT = `mutation($id: ID!) { acceptTypicalCase(id: $id) { status reviewedAt } }`;
const RETURN = `mutation($id: ID!, $r: String!) { returnTypicalCase(id: $id, reason: $r) { status returnReason returns } }`;
const REVISE = `mutation($id: ID!, $input: ReviseTypicalCaseInput!) { reviseTypicalCase(id: $id, input: $input) { status summary } }`;
const LIST = `query($s: TypicalCaseStatus) { typicalCases(status: $s) { totalCount edges { node { id status } } } }`;

async function refused(viewer: Viewer, query: string, variables: Record<string, unknown>, code: string, field: string): Promise<void> {
  const before = await tableDigests(db.orm);
  const result = await api.run(query, variables, viewer);
  expect([codes(result), result.errors?.[0].extensions?.field]).toEqual([[code], field]);
  expect(await tableDigests(db.orm)).toEqual(before);
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  http = await startTestServer(db);
  await registerEnterprise(db.orm.em, 111, { name: '上海"某"化工, 有限公司' });
  await registerEnterprise(db.orm.em, 112);
  await registerEnterprise(db.orm.em, 113, { town: '新桥镇' });
});
afterAll(async () => {
  await http.stop();
  await api.stop();
  await db.close();
});

describe('typical cases', () => {
  it('are written up only from a closed inspection, by its level, once', async () => {
    const open = await schedule(db.orm.em, clock, creditCode(112), { scheduledDate: '2025-03-03' });
    const input = { inspectionId: open.id, title: '=某化工企业未落实双人保管', summary: '检查发现剧毒品单人保管，当场改正', significance: '首违不罚，说理式执法' };
    await expect(service().record(regulator, input)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const closed = await closedInspection(111);
    expect(closed.status).toBe(InspectionStatus.CLOSED);
    await expect(service().record(enterpriseViewer(creditCode(111)), { ...input, inspectionId: closed.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service().record(city, { ...input, inspectionId: closed.id })).rejects.toMatchObject({ code: 'FORBIDDEN', field: ['input', 'inspectionId'] });
    const typical = await service().record(district, { ...input, inspectionId: closed.id });
    expect(typical.status).toBe('RECORDED');
    await expect(service().record(district, { ...input, inspectionId: closed.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    ids.typical = typical.id;
  });

  it('are reported by their level and reviewed only once reported, only by the CITY level', async () => {
    await refused(cityReviewer, ACCEPT, { id: ids.typical }, 'INVALID_TRANSITION', 'id');
    await refused(city, REPORT, { id: ids.typical }, 'FORBIDDEN', 'id'); // a DISTRICT inspection's case is the DISTRICT level's to report
    await refused(xinqiao, REPORT, { id: ids.typical }, 'FORBIDDEN', 'id');
    await refused(district, REPORT, { id: '999999' }, 'NOT_FOUND', 'id');
    const reported = await api.run<{ reportTypicalCase: { status: string } }>(REPORT, { id: ids.typical }, district);
    expect(reported.data!.reportTypicalCase.status).toBe('REPORTED');
    await refused(district, REPORT, { id: ids.typical }, 'INVALID_TRANSITION', 'id');
    await refused(district, REVISE, { id: ids.typical, input: { summary: '改写' } }, 'INVALID_TRANSITION', 'id');
    await refused(district, ACCEPT, { id: ids.typical }, 'FORBIDDEN', 'id');
    await refused(gaoqiao, RETURN, { id: ids.typical, r: '材料不全' }, 'FORBIDDEN', 'id');
    await refused(enterpriseViewer(creditCode(111)), ACCEPT, { id: ids.typical }, 'FORBIDDEN', 'Mutation.acceptTypicalCase');
  });

  it('are returned with a reason, revised, reported again and accepted into the collection, final', async () => {
    await refused(cityReviewer, RETURN, { id: ids.typical, r: '  ' }, 'BAD_USER_INPUT', 'reason');
    const returned = await api.run(RETURN, { id: ids.typical, r: '案情不够具体，请补充违法事实和整改情况' }, cityReviewer);
    expect(returned.data).toEqual({ returnTypicalCase: { status: 'RETURNED', returnReason: '案情不够具体，请补充违法事实和整改情况', returns: 1 } });
    await refused(cityReviewer, ACCEPT, { id: ids.typical }, 'INVALID_TRANSITION', 'id');
    await refused(district, REVISE, { id: ids.typical, input: {} }, 'BAD_USER_INPUT', 'input');
    await refused(district, REVISE, { id: ids.typical, input: { summary: '' } }, 'BAD_USER_INPUT', 'input.summary');
    const revised = await api.run(REVISE, { id: ids.typical, input: { summary: '检查发现剧毒品仓库单人保管，违反双人保管制度；企业当场改正并完善制度' } }, district);
    expect(revised.data).toEqual({ reviseTypicalCase: { status: 'RETURNED', summary: '检查发现剧毒品仓库单人保管，违反双人保管制度；企业当场改正并完善制度' } });
    expect((await api.run(REPORT, { id: ids.typical }, district)).errors).toBeUndefined();
    const accepted = await api.run<{ acceptTypicalCase: { status: string } }>(ACCEPT, { id: ids.typical }, city);
    expect(accepted.data!.acceptTypicalCase.status).toBe('ACCEPTED');
    await refused(district, REVISE, { id: ids.typical, input: { title: '改标题' } }, 'INVALID_TRANSITION', 'id');
    await refused(district, REPORT, { id: ids.typical }, 'INVALID_TRANSITION', 'id');
    await refused(city, RETURN, { id: ids.typical, r: '撤回' }, 'INVALID_TRANSITION', 'id');
  });

  it('are never reviewed by the regulator who reported them', async () => {
    const closed = await closedInspection(113);
    const typical = await service().record(regulator, { inspectionId: closed.id, title: '新桥某企业', summary: '摘要', significance: '意义' });
    await service().report(regulator, typical.id);
    await refused(regulatorAt(EnforcementLevel.CITY, 'regulator-1'), ACCEPT, { id: typical.id }, 'FORBIDDEN', 'id');
    ids.other = typical.id;
  });

  it('are listed to regulators by status; a TOWN regulator reads the collection and its own town', async () => {
    const list = async (viewer: Viewer, s?: string) => (await api.run<{ typicalCases: { totalCount: number; edges: { node: { id: string } }[] } }>(LIST, { s }, viewer)).data!.typicalCases;
    expect((await list(city, 'ACCEPTED')).edges.map((e) => e.node.id)).toEqual([ids.typical]);
    expect((await list(city)).totalCount).toBe(2);
    expect((await list(city, 'REPORTED')).edges.map((e) => e.node.id)).toEqual([ids.other]);
    expect((await list(gaoqiao)).edges.map((e) => e.node.id)).toEqual([ids.typical]);
    expect((await list(xinqiao)).edges.map((e) => e.node.id)).toEqual([ids.typical, ids.other]);
    expect(codes(await api.run(LIST, {}, enterpriseViewer(creditCode(111))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(`{ typicalCases(year: 1999) { totalCount } }`, {}, city))).toEqual(['BAD_USER_INPUT']);
  });

  it("export as the city's collection, by POST /export with Chinese headers and values", async () => {
    const token = await mintToken(SECRET, { role: Role.REGULATOR, subject: 'city-1', level: EnforcementLevel.CITY, expiresInSeconds: 600 });
    const query = `{ typicalCases(status: ACCEPTED, year: 2025) { edges { node { title status enterprise { name creditCode } inspection { code type closedAt } penalty { penalized noPenaltyReason } summary significance reportedAt returns } } } }`;
    const response = await fetch(`${http.base}/export`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ format: 'xlsx', query, filename: '典型案例汇编' }) });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, '案例标题', '报送状态', '企业·名称', '企业·统一社会信用代码', '检查·检查码', '检查·检查类型', '检查·结案时间', '处罚决定·是否处罚', '处罚决定·不予处罚理由', '案情及处理', '典型意义', '报送时间', '退回次数']);
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2).values as unknown[];
    expect(row.slice(1, 10)).toEqual(["'=某化工企业未落实双人保管", '市局已收录', '上海"某"化工, 有限公司', creditCode(111), expect.any(String), '投诉举报触发检查', expect.stringMatching(/^2025-03-03 /), '否', '首违不罚']);
    expect(row.slice(10)).toEqual(['检查发现剧毒品仓库单人保管，违反双人保管制度；企业当场改正并完善制度', '首违不罚，说理式执法', expect.stringMatching(/^2025-03-03 /), 1]);
  });
});
