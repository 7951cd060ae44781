/**
 * Third-party service organisations (docs/inspection.md, "Third parties"):
 * admission and removal, never alone, RECOMMENDED advice never binding,
 * MANDATORY advice binding only once a regulator confirms it.
 */
import { Finding } from '../../src/inspection/finding.entity';
import { HazardSeverity, InspectionStatus } from '../../src/inspection/inspection.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { ThirdPartyAdviceKind, ThirdPartyAdviceStatus } from '../../src/inspection/third-party.entity';
import { ThirdPartyService } from '../../src/inspection/third-party.service';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, stages, startAndRecord, testClock } from '../support/inspection-fixtures';
import { countStatements } from '../support/statements';
import { expectPaged } from '../support/connection-paging';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();
const tp = () => new ThirdPartyService(db.orm.em.fork(), clock);
const findings = (inspection: Inspection) => db.orm.em.fork().count(Finding, { inspection: inspection.id });
let inspection: Inspection;
let planned: Inspection;
let organisationId: string;
let assisted: Inspection;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 61);
  await registerEnterprise(db.orm.em, 62);
  inspection = await schedule(db.orm.em, clock, creditCode(61), { scheduledDate: '2025-03-03' });
  await startAndRecord(db.orm.em, clock, inspection);
  planned = await schedule(db.orm.em, clock, creditCode(62), { scheduledDate: '2025-03-10' });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const advice = (over: Record<string, unknown> = {}) => ({
  inspectionId: inspection.id,
  organisationId,
  kind: ThirdPartyAdviceKind.MANDATORY,
  description: '储罐区防雷接地电阻超标',
  basis: 'GB 50057-2010 第4.2.1条',
  severity: HazardSeverity.MAJOR,
  proposedDeadline: '2025-03-31',
  ...over,
});

describe('third-party organisations', () => {
  it('are admitted by a regulator and listed publicly', async () => {
    const admitted = await api.run(`mutation($input: AdmitThirdPartyInput!) { admitThirdParty(input: $input) { id status } }`, { input: { name: '某安全技术服务有限公司', creditCode: creditCode(690), scope: '危险化学品安全检查' } }, regulator);
    expect(admitted.errors).toBeUndefined();
    organisationId = admitted.data!.admitThirdParty.id;
    expect(codes(await api.run(`mutation($input: AdmitThirdPartyInput!) { admitThirdParty(input: $input) { id } }`, { input: { name: 'x', creditCode: creditCode(690), scope: 'y' } }, regulator))).toEqual(['CONFLICT']);
    expect(codes(await api.run(`mutation($input: AdmitThirdPartyInput!) { admitThirdParty(input: $input) { id } }`, { input: { name: 'x', creditCode: creditCode(691), scope: 'y' } }, enterpriseViewer(creditCode(61))))).toEqual(['FORBIDDEN']);
    expect((await api.run(`{ thirdPartyOrganisations { totalCount edges { node { name status } } } }`, {}, anonymous)).data!.thirdPartyOrganisations).toEqual({ totalCount: 1, edges: [{ node: { name: '某安全技术服务有限公司', status: 'ADMITTED' } }] });
  });

  it('never inspect alone: advice only on an inspection the bureau has started', async () => {
    await expect(tp().recordAdvice(regulator, advice({ inspectionId: planned.id }))).rejects.toMatchObject({ code: 'INVALID_TRANSITION', field: ['input', 'inspectionId'] });
    await expect(tp().recordAdvice(regulator, advice({ basis: ' ' }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'basis'] });
    await expect(tp().recordAdvice(regulator, advice({ proposedDeadline: null }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'proposedDeadline'] });
    await expect(tp().recordAdvice(regulator, advice({ kind: ThirdPartyAdviceKind.RECOMMENDED }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'proposedDeadline'] });
  });

  it('MANDATORY advice binds nothing before a regulator confirms it, and the inspection does not complete until it is confirmed or dismissed', async () => {
    const before = await findings(inspection);
    const recorded = await api.run(
      `mutation($input: RecordThirdPartyAdviceInput!) { recordThirdPartyAdvice(input: $input) { id kind status organisation { name } } }`,
      { input: { ...advice(), kind: 'MANDATORY', severity: 'MAJOR' } },
      regulator,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordThirdPartyAdvice).toMatchObject({ kind: 'MANDATORY', status: 'PENDING_CONFIRMATION' });
    const id = recorded.data!.recordThirdPartyAdvice.id;
    // Not binding: no finding for the enterprise to rectify.
    expect(await findings(inspection)).toBe(before);
    // Not dropped either: completion waits for the regulator's word.
    await expect(stages(db.orm.em, clock).inspections.completeInspection(regulator, inspection.id)).rejects.toMatchObject({ code: 'THIRD_PARTY_ADVICE_PENDING', details: { pending: 1 } });
    await expect(tp().confirm(regulator, id, false, ' ')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['reason'] });
    expect((await tp().confirm(regulator, id, false, '复测合格，不予采纳')).status).toBe(ThirdPartyAdviceStatus.DISMISSED);
    expect(await findings(inspection)).toBe(before);
    expect((await stages(db.orm.em, clock).inspections.completeInspection(regulator, inspection.id)).status).toBe(InspectionStatus.COMPLETED);
  });

  it('confirmed by a regulator (not by anyone else), MANDATORY advice becomes an OPEN finding with its deadline', async () => {
    const other = (assisted = await schedule(db.orm.em, clock, creditCode(62), { scheduledDate: '2025-03-03', justification: '第三方协助复查' }));
    await startAndRecord(db.orm.em, clock, other);
    const a = await tp().recordAdvice(regulator, advice({ inspectionId: other.id }));
    const r = await tp().recordAdvice(regulator, advice({ inspectionId: other.id, kind: ThirdPartyAdviceKind.RECOMMENDED, proposedDeadline: null, description: '建议增设视频监控' }));
    expect(r.status).toBe(ThirdPartyAdviceStatus.ADVISORY);
    await expect(tp().confirm(regulator, r.id, true, null)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' }); // advice stays advice
    await expect(tp().confirm(enterpriseViewer(creditCode(62)), a.id, false, '不同意')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await findings(other)).toBe(0);
    const confirmed = await api.run(`mutation($id: ID!) { confirmThirdPartyAdvice(adviceId: $id, confirmed: true, reason: "现场复测属实") { status confirmedAt } }`, { id: a.id }, regulator);
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmThirdPartyAdvice.status).toBe('CONFIRMED');
    const [finding] = await db.orm.em.fork().find(Finding, { inspection: other.id });
    expect(finding).toMatchObject({ status: 'OPEN', severity: HazardSeverity.MAJOR, rectificationDeadline: '2025-03-31', recordedBy: regulator.subject });
    expect(finding.description).toContain('GB 50057-2010');
    // Binding: the inspection cannot close until it is rectified.
    await stages(db.orm.em, clock).inspections.completeInspection(regulator, other.id);
    await expect(stages(db.orm.em, clock).inspections.closeInspection(regulator, other.id)).rejects.toMatchObject({ code: 'NOT_READY_TO_CLOSE' });
    await expect(tp().confirm(regulator, a.id, true, null)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('is read by regulators as a connection on its inspection, oldest first', async () => {
    const listed = await expectPaged(api.run, { field: 'thirdPartyAdvice', node: 'kind status organisation { name }', viewer: regulator, args: ['$id: ID!', 'inspectionId: $id'], variables: { id: assisted.id }, first: 1 });
    expect(listed).toEqual([
      { kind: 'MANDATORY', status: 'CONFIRMED', organisation: { name: '某安全技术服务有限公司' } },
      { kind: 'RECOMMENDED', status: 'ADVISORY', organisation: { name: '某安全技术服务有限公司' } },
    ]);
    const LIST = `query($id: ID!) { thirdPartyAdvice(inspectionId: $id) { totalCount } }`;
    expect(codes(await api.run(LIST, { id: assisted.id }, enterpriseViewer(creditCode(62))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(LIST, { id: assisted.id }, anonymous))).toEqual(['UNAUTHENTICATED']);
    const bad = await api.run(LIST, { id: 'x' }, regulator);
    expect([codes(bad), bad.errors![0].extensions!.field]).toEqual([['BAD_USER_INPUT'], 'inspectionId']);
  });

  it('once removed, an organisation records no more advice', async () => {
    const third = await schedule(db.orm.em, clock, creditCode(61), { scheduledDate: '2025-03-04', justification: '复查' });
    await startAndRecord(db.orm.em, clock, third);
    const removed = await api.run(`mutation($id: ID!) { removeThirdParty(id: $id, reason: "出具虚假报告") { status removalReason } }`, { id: organisationId }, regulator);
    expect(removed.data!.removeThirdParty).toEqual({ status: 'REMOVED', removalReason: '出具虚假报告' });
    await expect(tp().recordAdvice(regulator, advice({ inspectionId: third.id }))).rejects.toMatchObject({ code: 'FORBIDDEN', field: ['input', 'organisationId'] });
    await expect(tp().remove(regulator, organisationId, 'again')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('are listed as a public connection, paged oldest admission first and filtered by status', async () => {
    for (const n of [692, 693]) await tp().admit(regulator, { name: `第三方机构${n}`, creditCode: creditCode(n), scope: '安全评价' });
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { name: string; status: string } }[] };
    const LIST = `query($status: ThirdPartyStatus, $first: Int, $after: String) { thirdPartyOrganisations(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name status } } } }`;
    const list = async (variables: Record<string, unknown>) => (await api.run<{ thirdPartyOrganisations: Page }>(LIST, variables, anonymous)).data!.thirdPartyOrganisations;
    const names = (page: Page) => page.edges.map((e) => e.node.name);
    const first = await list({ first: 2 });
    expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(names(first)).toEqual(['某安全技术服务有限公司', '第三方机构692']);
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(second).toMatchObject({ pageInfo: { hasNextPage: false } });
    expect(names(second)).toEqual(['第三方机构693']);
    expect(await list({ status: 'REMOVED' })).toMatchObject({ totalCount: 1, edges: [{ node: { name: '某安全技术服务有限公司', status: 'REMOVED' } }] });
    expect(names(await list({ status: 'ADMITTED' }))).toEqual(['第三方机构692', '第三方机构693']);
    const { result, sql } = await countStatements(() => api.run(`{ thirdPartyOrganisations(status: ADMITTED) { edges { node { name } } } }`, {}, anonymous));
    expect(result.errors).toBeUndefined();
    expect(sql.some((s) => /count\(/i.test(s))).toBe(false);
    expect(codes(await api.run(`{ thirdPartyOrganisations(status: GONE) { totalCount } }`, {}, anonymous))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(await api.run(`{ thirdPartyOrganisations(first: -1) { totalCount } }`, {}, anonymous))).toEqual(['BAD_USER_INPUT']);
  });
});
