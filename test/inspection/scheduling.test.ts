import { OnSitePlanService } from '../../src/inspection/on-site-plan.service';
import { Inspection } from '../../src/inspection/inspection.entity';
import { InspectionStatus, InspectionType } from '../../src/inspection/inspection.enums';
import { shanghaiDate } from '../../src/shared/shanghai-calendar';
import { inspectionCodeProblem } from '../../src/proof/inspection-code';
import { EnforcementLevel, EnterpriseStatus } from '../../src/registry/registry.enums';
import { RegistryService } from '../../src/registry/registry.service';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { draftPlan, inspectionInput, stages, NOW, publish, schedule, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const inspectionCount = (where: Record<string, unknown> = {}) => db.orm.em.fork().count(Inspection, where);
const service = () => stages(db.orm.em, clock);

/** Expects a rejection with this code and field, and that no inspection was written. */
async function refused(attempt: Promise<unknown>, code: string, field?: string) {
  const before = await inspectionCount();
  await expect(attempt).rejects.toMatchObject({ code, ...(field ? { field: field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) } : {}) });
  expect(await inspectionCount()).toBe(before);
}

const SCHEDULE = `mutation($input: ScheduleInspectionInput!) {
  scheduleInspection(input: $input) { id code type status enforcingLevel departments scheduledDate year justification
    enterprise { creditCode } checklist { totalCount edges { node { position item basis result } } } }
}`;

describe('enforcement plans', () => {
  it('go DRAFT → APPROVED → PUBLISHED; any other move is INVALID_TRANSITION', async () => {
    const created = await api.run(`mutation { createEnforcementPlan(input: { level: DISTRICT, year: 2025, title: "2025年度计划" }) { id status } }`, {}, regulator);
    expect(created.errors).toBeUndefined();
    const id = created.data!.createEnforcementPlan.id;
    expect(created.data!.createEnforcementPlan.status).toBe('DRAFT');
    const publishDraft = await api.run(`mutation($id: ID!) { publishEnforcementPlan(id: $id) { status } }`, { id }, regulator);
    expect(codes(publishDraft)).toEqual(['INVALID_TRANSITION']);
    expect(publishDraft.errors![0].extensions).toMatchObject({ from: 'DRAFT', to: 'PUBLISHED' });
    const approved = await api.run(`mutation($id: ID!) { approveEnforcementPlan(id: $id) { status approvedAt } }`, { id }, regulator);
    expect(approved.data!.approveEnforcementPlan.status).toBe('APPROVED');
    expect(new Date(approved.data!.approveEnforcementPlan.approvedAt)).toEqual(new Date(NOW));
    expect(codes(await api.run(`mutation($id: ID!) { approveEnforcementPlan(id: $id) { status } }`, { id }, regulator))).toEqual(['INVALID_TRANSITION']);
    const published = await api.run(`mutation($id: ID!) { publishEnforcementPlan(id: $id) { status } }`, { id }, regulator);
    expect(published.data!.publishEnforcementPlan.status).toBe('PUBLISHED');
  });

  it('are public once approved (公示), before the monthly publication; drafts are for regulators only', async () => {
    const draft = await draftPlan(db.orm.em, clock, EnforcementLevel.TOWN);
    const approved = await draftPlan(db.orm.em, clock, EnforcementLevel.CITY);
    await service().plans.approvePlan(regulator, approved.id);
    const q = `{ enforcementPlans(year: 2025) { totalCount edges { node { id status level } } } }`;
    const publicList = await api.run(q);
    expect(publicList.errors).toBeUndefined();
    const statuses = publicList.data!.enforcementPlans.edges.map((e: any) => e.node.status);
    expect(statuses.every((s: string) => s === 'APPROVED' || s === 'PUBLISHED')).toBe(true);
    expect(publicList.data!.enforcementPlans.edges.map((e: any) => e.node.id)).toContain(approved.id);
    const regulatorList = await api.run(q, {}, regulator);
    expect(regulatorList.data!.enforcementPlans.totalCount).toBe(publicList.data!.enforcementPlans.totalCount + 1);
    const one = await api.run(`query($id: ID!) { enforcementPlan(id: $id) { title status approvedAt publishedAt } }`, { id: approved.id }, enterpriseViewer(creditCode(1)));
    expect(one.errors).toBeUndefined();
    expect(one.data!.enforcementPlan).toMatchObject({ status: 'APPROVED', publishedAt: null });
    // Its inspections stay for regulators, and still start only once it is PUBLISHED.
    expect(codes(await api.run(`query($id: ID!) { enforcementPlan(id: $id) { inspections { totalCount } } }`, { id: approved.id }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await api.run(`query($id: ID!) { enforcementPlan(id: $id) { title } }`, { id: draft.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await api.run(`query($id: ID!) { enforcementPlan(id: $id) { title inspections { totalCount } } }`, { id: draft.id }, regulator))).toEqual([]);
  });

  it('only a regulator drafts, approves or publishes', async () => {
    const m = `mutation { createEnforcementPlan(input: { level: CITY, year: 2025, title: "x" }) { id } }`;
    expect(codes(await api.run(m, {}, enterpriseViewer(creditCode(1))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(m, {}, anonymous))).toEqual(['UNAUTHENTICATED']);
    const plan = await draftPlan(db.orm.em, clock);
    await expect(service().plans.approvePlan(enterpriseViewer(creditCode(1)), plan.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('scheduling', () => {
  beforeAll(async () => {
    await registerEnterprise(db.orm.em, 1, { enforcementLevel: EnforcementLevel.DISTRICT });
    await registerEnterprise(db.orm.em, 2, { enforcementLevel: EnforcementLevel.TOWN });
    await registerEnterprise(db.orm.em, 3, { enforcementLevel: EnforcementLevel.CITY });
  });

  it('a regulator schedules an inspection with its on-site checklist and a checkable code', async () => {
    const result = await api.run(SCHEDULE, { input: inspectionInput(creditCode(1), { departments: ['FIRE_RESCUE'] }) }, regulator);
    expect(result.errors).toBeUndefined();
    const inspection = result.data!.scheduleInspection;
    expect(inspection).toMatchObject({
      type: 'EVENT_TRIGGERED',
      status: 'PLANNED',
      enforcingLevel: 'DISTRICT',
      departments: ['FIRE_RESCUE'],
      scheduledDate: '2025-04-10',
      year: 2025,
      justification: null,
      enterprise: { creditCode: creditCode(1) },
    });
    expect(inspectionCodeProblem(inspection.code)).toBeNull();
    expect(inspection.checklist.totalCount).toBe(2);
    expect(inspection.checklist.edges[0].node).toEqual({ position: 1, item: '危险化学品安全生产许可证在有效期内', basis: '《危险化学品安全管理条例》第十四条', result: null });
  });

  it('an enterprise is inspected only by its own level: WRONG_ENFORCEMENT_LEVEL, nothing written', async () => {
    await refused(service().scheduling.scheduleInspection(regulator, inspectionInput(creditCode(2), { enforcingLevel: EnforcementLevel.DISTRICT })), 'WRONG_ENFORCEMENT_LEVEL', 'input.enforcingLevel');
    await refused(service().scheduling.scheduleInspection(regulator, inspectionInput(creditCode(3), { enforcingLevel: EnforcementLevel.DISTRICT })), 'WRONG_ENFORCEMENT_LEVEL', 'input.enforcingLevel');
    const viaApi = await api.run(SCHEDULE, { input: inspectionInput(creditCode(2), { enforcingLevel: EnforcementLevel.CITY }) }, regulator);
    expect(codes(viaApi)).toEqual(['WRONG_ENFORCEMENT_LEVEL']);
    expect(viaApi.errors![0].extensions).toMatchObject({ field: 'input.enforcingLevel', enterpriseLevel: 'TOWN', enforcingLevel: 'CITY' });
  });

  it('a SUPERVISORY check comes from a higher level only', async () => {
    const sup = (level: EnforcementLevel, enterprise: number) =>
      service().scheduling.scheduleInspection(regulator, inspectionInput(creditCode(enterprise), { type: InspectionType.SUPERVISORY, enforcingLevel: level, trigger: null, justification: '上级抽查' }));
    await refused(sup(EnforcementLevel.TOWN, 2), 'WRONG_ENFORCEMENT_LEVEL', 'input.enforcingLevel');
    await refused(sup(EnforcementLevel.DISTRICT, 1), 'WRONG_ENFORCEMENT_LEVEL');
    await refused(sup(EnforcementLevel.DISTRICT, 3), 'WRONG_ENFORCEMENT_LEVEL');
    expect((await sup(EnforcementLevel.DISTRICT, 2)).enforcingLevel).toBe(EnforcementLevel.DISTRICT);
    expect((await sup(EnforcementLevel.CITY, 1)).type).toBe(InspectionType.SUPERVISORY);
  });

  it('refuses bad input with the field at fault, writing nothing', async () => {
    const s = (o: Parameters<typeof inspectionInput>[1]) => service().scheduling.scheduleInspection(regulator, inspectionInput(creditCode(1), o));
    await refused(s({ trigger: null }), 'BAD_USER_INPUT', 'input.trigger');
    await refused(s({ type: InspectionType.JOINT, trigger: null }), 'BAD_USER_INPUT', 'input.departments');
    await refused(s({ scheduledDate: '2025-03-02' }), 'BAD_USER_INPUT', 'input.scheduledDate');
    await refused(s({ scheduledDate: '2025-02-30' }), 'BAD_USER_INPUT', 'input.scheduledDate');
    await refused(s({ checklist: [{ item: '  ' }] }), 'BAD_USER_INPUT', 'input.checklist.0.item');
    await refused(s({ departments: ['TRANSPORT', 'TRANSPORT'] }), 'BAD_USER_INPUT', 'input.departments');
    await refused(s({ type: InspectionType.GENERAL_RANDOM }), 'BAD_USER_INPUT', 'input.planId');
    await refused(service().scheduling.scheduleInspection(regulator, inspectionInput(creditCode(999))), 'NOT_FOUND', 'input.enterprise');
    await registerEnterprise(db.orm.em, 4);
    await new RegistryService(db.orm.em.fork()).updateEnterprise(regulator, { creditCode: creditCode(4), status: EnterpriseStatus.CLOSED });
    await refused(service().scheduling.scheduleInspection(regulator, inspectionInput(creditCode(4))), 'CONFLICT', 'input.enterprise');
  });

  it('takes "today" in Asia/Shanghai: at 2025-12-31 16:30 UTC it is already 2026 there', async () => {
    expect(shanghaiDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
    const newYearsEve = fixedClock('2025-12-31T16:30:00Z');
    await refused(stages(db.orm.em, newYearsEve).scheduling.scheduleInspection(regulator, inspectionInput(creditCode(2), { enforcingLevel: EnforcementLevel.TOWN, scheduledDate: '2025-12-31' })), 'BAD_USER_INPUT', 'input.scheduledDate');
    const first = await stages(db.orm.em, newYearsEve).scheduling.scheduleInspection(regulator, inspectionInput(creditCode(2), { enforcingLevel: EnforcementLevel.TOWN, scheduledDate: '2026-01-01' }));
    expect(first.year).toBe(2026);
  });
});

describe('the yearly cap', () => {
  beforeAll(async () => {
    for (const n of [10, 11, 12, 13]) await registerEnterprise(db.orm.em, n);
  });

  it('one inspection a year; a second only with a justification; never a third, triggered ones included', async () => {
    const e = creditCode(10);
    await schedule(db.orm.em, clock, e, { type: InspectionType.ALERT_TRIGGERED, trigger: 'alert 17' });
    await refused(schedule(db.orm.em, clock, e, { scheduledDate: '2025-09-01' }), 'JUSTIFICATION_REQUIRED', 'input.justification');
    await refused(schedule(db.orm.em, clock, e, { scheduledDate: '2025-09-01', justification: '   ' }), 'JUSTIFICATION_REQUIRED');
    const second = await schedule(db.orm.em, clock, e, { scheduledDate: '2025-09-01', justification: '群众举报仓库超量储存，需再次检查' });
    expect(second.justification).toBe('群众举报仓库超量储存，需再次检查');
    const third = await api.run(SCHEDULE, { input: inspectionInput(e, { scheduledDate: '2025-12-31', justification: '再次举报' }) }, regulator);
    expect(codes(third)).toEqual(['INSPECTION_CAP_REACHED']);
    expect(third.errors![0].extensions).toMatchObject({ year: 2025, count: 2 });
    expect(await inspectionCount({ enterprise: { creditCode: e } })).toBe(2);
    // The next calendar year starts afresh.
    expect((await schedule(db.orm.em, clock, e, { scheduledDate: '2026-01-05' })).year).toBe(2026);
    expect(await service().scheduling.capStatus(second.enterprise.id, 2025)).toEqual({ year: 2025, count: 2, remaining: 0, justificationRequired: true, keyUnitCovered: false });
  });

  it('a cancelled inspection no longer counts', async () => {
    const e = creditCode(11);
    const first = await schedule(db.orm.em, clock, e);
    await schedule(db.orm.em, clock, e, { justification: '复查重大隐患' });
    await refused(schedule(db.orm.em, clock, e, { justification: '第三次' }), 'INSPECTION_CAP_REACHED');
    await service().inspections.cancelInspection(regulator, first.id, '企业停产');
    const again = await schedule(db.orm.em, clock, e, { justification: '恢复生产后检查' });
    expect(again.status).toBe(InspectionStatus.PLANNED);
  });

  it('holds under concurrent attempts: exactly two of ten, and one of ten without justification', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => schedule(db.orm.em, clock, creditCode(12), { justification: `并发 ${i}`, trigger: `alert ${i}` })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(2);
    const reasons = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected').map((a) => a.reason.code);
    expect(reasons).toEqual(Array(8).fill('INSPECTION_CAP_REACHED'));
    expect(await inspectionCount({ enterprise: { creditCode: creditCode(12) } })).toBe(2);

    const unjustified = await Promise.allSettled(Array.from({ length: 10 }, () => schedule(db.orm.em, clock, creditCode(13))));
    expect(unjustified.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(new Set(unjustified.filter((a): a is PromiseRejectedResult => a.status === 'rejected').map((a) => a.reason.code))).toEqual(new Set(['JUSTIFICATION_REQUIRED']));
    expect(await inspectionCount({ enterprise: { creditCode: creditCode(13) } })).toBe(1);
  });

  it('only a regulator schedules', async () => {
    const input = { input: inspectionInput(creditCode(1), { scheduledDate: '2025-10-01', justification: 'x' }) };
    expect(codes(await api.run(SCHEDULE, input, enterpriseViewer(creditCode(1))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(SCHEDULE, input, anonymous))).toEqual(['UNAUTHENTICATED']);
    await refused(schedule(db.orm.em, clock, creditCode(1), { justification: 'x' }, enterpriseViewer(creditCode(1))), 'FORBIDDEN');
  });
});

describe('key units and plans', () => {
  beforeAll(async () => {
    await registerEnterprise(db.orm.em, 20, { keyUnit: true });
    await registerEnterprise(db.orm.em, 21, { keyUnit: true });
    await registerEnterprise(db.orm.em, 22, { keyUnit: true, enforcementLevel: EnforcementLevel.TOWN });
    await registerEnterprise(db.orm.em, 23, { keyUnit: false });
  });

  const UNCOVERED = `query($level: EnforcementLevel, $completedOnly: Boolean) {
    keyUnitsNotCovered(year: 2025, level: $level, completedOnly: $completedOnly) { totalCount edges { node { creditCode } } }
  }`;
  const uncovered = async (vars: Record<string, unknown> = {}) => {
    const result = await api.run(UNCOVERED, vars, regulator);
    expect(result.errors).toBeUndefined();
    return result.data!.keyUnitsNotCovered.edges.map((e: any) => e.node.creditCode);
  };

  it('a planned inspection belongs to a DRAFT plan of its level and year', async () => {
    const plan = await draftPlan(db.orm.em, clock);
    const townPlan = await draftPlan(db.orm.em, clock, EnforcementLevel.TOWN);
    const planned = { type: InspectionType.KEY_UNIT, trigger: null, planId: plan.id };
    await refused(schedule(db.orm.em, clock, creditCode(20), { ...planned, planId: townPlan.id }), 'BAD_USER_INPUT', 'input.planId');
    await refused(schedule(db.orm.em, clock, creditCode(20), { ...planned, scheduledDate: '2026-02-01' }), 'BAD_USER_INPUT', 'input.planId');
    await refused(schedule(db.orm.em, clock, creditCode(20), { ...planned, planId: '999999' }), 'NOT_FOUND', 'input.planId');
    const inspection = await schedule(db.orm.em, clock, creditCode(20), planned);
    expect(inspection.plan!.id).toBe(plan.id);
    // Planned inspections start only once the plan is published.
    await new OnSitePlanService(db.orm.em.fork(), clock).approve(regulator, inspection.id);
    await expect(service().inspections.startInspection(regulator, { id: inspection.id })).rejects.toMatchObject({ code: 'PLAN_NOT_PUBLISHED' });
    await publish(db.orm.em, clock, plan);
    await refused(schedule(db.orm.em, clock, creditCode(21), planned), 'PLAN_NOT_EDITABLE', 'input.planId');
    expect((await service().inspections.startInspection(regulator, { id: inspection.id })).status).toBe(InspectionStatus.IN_PROGRESS);
  });

  it('KEY_UNIT applies to key units only, once a year', async () => {
    const plan = await draftPlan(db.orm.em, clock);
    const keyUnit = { type: InspectionType.KEY_UNIT, trigger: null, planId: plan.id };
    await refused(schedule(db.orm.em, clock, creditCode(23), keyUnit), 'BAD_USER_INPUT', 'input.type');
    await refused(schedule(db.orm.em, clock, creditCode(20), { ...keyUnit, justification: '再查' }), 'KEY_UNIT_ALREADY_COVERED', 'input.type');
    const other = await schedule(db.orm.em, clock, creditCode(20), { type: InspectionType.KEY_SPOT_CHECK, trigger: null, planId: plan.id, justification: '重点抽查' });
    expect(other.type).toBe(InspectionType.KEY_SPOT_CHECK);
  });

  it('lists the key units not yet covered this year, by level, and by completed coverage', async () => {
    expect(await uncovered()).toEqual([creditCode(21), creditCode(22)]);
    expect(await uncovered({ level: 'TOWN' })).toEqual([creditCode(22)]);
    expect(await uncovered({ completedOnly: true })).toEqual([creditCode(20), creditCode(21), creditCode(22)]);
    const plan = await draftPlan(db.orm.em, clock);
    const covering = await schedule(db.orm.em, clock, creditCode(21), { type: InspectionType.KEY_UNIT, trigger: null, planId: plan.id });
    expect(await uncovered()).toEqual([creditCode(22)]);
    await service().inspections.cancelInspection(regulator, covering.id, '改期');
    expect(await uncovered()).toEqual([creditCode(21), creditCode(22)]);
    expect(codes(await api.run(UNCOVERED, {}, enterpriseViewer(creditCode(21))))).toEqual(['FORBIDDEN']);
    const page = await service().scheduling.uncoveredKeyUnits({ year: 2025 }, { first: 1 });
    expect(await page.totalCount).toBe(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('publishes the month\'s targets of published plans once; triggered inspections never', async () => {
    await registerEnterprise(db.orm.em, 24);
    const plan = await draftPlan(db.orm.em, clock);
    const random = await schedule(db.orm.em, clock, creditCode(24), { type: InspectionType.GENERAL_RANDOM, trigger: null, planId: plan.id, scheduledDate: '2025-05-20' });
    await publish(db.orm.em, clock, plan);
    const published = await service().plans.publishTargets('2025-05-01', '2025-05-31');
    expect(published.map((i) => i.id)).toContain(random.id);
    expect(published.every((i) => i.type !== InspectionType.ALERT_TRIGGERED && i.type !== InspectionType.EVENT_TRIGGERED)).toBe(true);
    expect(await service().plans.publishTargets('2025-05-01', '2025-05-31')).toEqual([]);
    expect((await db.orm.em.fork().findOneOrFail(Inspection, { id: random.id })).publishedAt).toEqual(new Date(NOW));
  });
});
