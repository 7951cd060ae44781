/**
 * Drafting an annual plan from the risk grades (docs/inspection.md, "Drafting
 * a plan"): the treatment of each grade, key units, the group exemption, the
 * yearly cap, dates, the per-enterprise report, re-drafting.
 */
import { EnforcementPlan } from '../../src/inspection/enforcement-plan.entity';
import { Inspection } from '../../src/inspection/inspection.entity';
import { InspectionType, PlanDraftOutcome, PlanStatus } from '../../src/inspection/inspection.enums';
import { Enterprise } from '../../src/registry/enterprise.entity';
import { EnforcementLevel, EnterpriseStatus } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { RiskGradeChange } from '../../src/supervision/risk-grade.entity';
import { SupervisionService } from '../../src/supervision/supervision.service';
import { RiskGrade, SupervisionTreatment } from '../../src/supervision/supervision.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { draftPlan, inspectionInput, stages, publish } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
/** 2026-11-20 10:00 in Shanghai: before the 25th, so January 2027 can still be announced. */
const clock = fixedClock('2026-11-20T02:00:00.000Z');

const E = {
  KEY_A: 801,
  KEY_UNGRADED: 802,
  A: 803,
  B: 804,
  C: 805,
  D: 806,
  UNGRADED: 807,
  GROUP: 808,
  SUB_EXEMPT: 809,
  SUB_REVOKED: 810,
  GROUP_REVOKED: 811,
  B_CAPPED: 812,
  A_SECOND: 813,
  KEY_COVERED: 814,
  TOWN_A: 815,
  CLOSED_A: 816,
} as const;
const code = (n: number) => creditCode(n);

async function grade(n: number, letter: RiskGrade, treatment: SupervisionTreatment, groupExempt = false, score = 50): Promise<void> {
  const em = db.orm.em.fork();
  const enterprise = await em.findOneOrFail(Enterprise, { creditCode: code(n) });
  em.create(RiskGradeChange, {
    enterprise,
    grade: letter,
    previousGrade: null,
    score,
    treatment,
    groupExempt,
    reasons: [],
    windowStart: new Date('2023-11-01T00:00:00Z'),
    gradedAt: new Date('2026-11-01T02:00:00Z'),
  });
  await em.flush();
}

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  const em = db.orm.em;
  await registerEnterprise(em, E.KEY_A, { keyUnit: true });
  await registerEnterprise(em, E.KEY_UNGRADED, { keyUnit: true });
  for (const n of [E.A, E.B, E.C, E.D, E.UNGRADED, E.GROUP, E.GROUP_REVOKED, E.B_CAPPED, E.A_SECOND]) await registerEnterprise(em, n);
  await registerEnterprise(em, E.SUB_EXEMPT, { parentCreditCode: code(E.GROUP) });
  await registerEnterprise(em, E.SUB_REVOKED, { parentCreditCode: code(E.GROUP_REVOKED) });
  await registerEnterprise(em, E.KEY_COVERED, { keyUnit: true });
  await registerEnterprise(em, E.TOWN_A, { enforcementLevel: EnforcementLevel.TOWN });
  await registerEnterprise(em, E.CLOSED_A);
  await em.fork().nativeUpdate(Enterprise, { creditCode: code(E.CLOSED_A) }, { status: EnterpriseStatus.CLOSED });

  const supervision = new SupervisionService(em.fork(), fixedClock('2026-10-01T02:00:00.000Z'));
  await supervision.acceptGroupSelfSupervision(regulator, code(E.GROUP));
  await supervision.acceptGroupSelfSupervision(regulator, code(E.GROUP_REVOKED));

  await grade(E.KEY_A, RiskGrade.A, SupervisionTreatment.FULL_CHECKUP, false, 72);
  await grade(E.A, RiskGrade.A, SupervisionTreatment.FULL_CHECKUP, false, 65);
  await grade(E.B, RiskGrade.B, SupervisionTreatment.KEY_SPOT_CHECK, false, 40);
  await grade(E.C, RiskGrade.C, SupervisionTreatment.PROACTIVE_HELP, false, 12);
  await grade(E.D, RiskGrade.D, SupervisionTreatment.NO_DISTURBANCE, false, 0);
  await grade(E.GROUP, RiskGrade.D, SupervisionTreatment.NO_DISTURBANCE, false, 0);
  await grade(E.SUB_EXEMPT, RiskGrade.C, SupervisionTreatment.NO_DISTURBANCE, true, 20);
  await grade(E.SUB_REVOKED, RiskGrade.B, SupervisionTreatment.NO_DISTURBANCE, true, 30);
  await grade(E.B_CAPPED, RiskGrade.B, SupervisionTreatment.KEY_SPOT_CHECK, false, 45);
  await grade(E.A_SECOND, RiskGrade.A, SupervisionTreatment.FULL_CHECKUP, false, 61);
  await grade(E.KEY_COVERED, RiskGrade.D, SupervisionTreatment.NO_DISTURBANCE, false, 0);
  await grade(E.TOWN_A, RiskGrade.A, SupervisionTreatment.FULL_CHECKUP, false, 90);
  await grade(E.CLOSED_A, RiskGrade.A, SupervisionTreatment.FULL_CHECKUP, false, 90);
  // An older grading of C is superseded by its latest (above).
  await grade(E.C, RiskGrade.C, SupervisionTreatment.PROACTIVE_HELP, false, 15);

  // The group's undertaking is revoked after the grading: its subsidiary's exemption no longer holds.
  await new SupervisionService(em.fork(), fixedClock('2026-11-10T02:00:00.000Z')).revokeGroupSelfSupervision(regulator, code(E.GROUP_REVOKED));

  // 2027 so far: B_CAPPED has two inspections (the cap), A_SECOND one; KEY_COVERED its KEY_UNIT in another plan.
  const triggered = { type: InspectionType.EVENT_TRIGGERED, trigger: '12345 热线' };
  await stages(em, clock).scheduling.scheduleInspection(regulator, inspectionInput(code(E.B_CAPPED), { ...triggered, scheduledDate: '2027-01-11' }));
  await stages(em, clock).scheduling.scheduleInspection(regulator, inspectionInput(code(E.B_CAPPED), { ...triggered, scheduledDate: '2027-02-11', justification: '再次投诉' }));
  await stages(em, clock).scheduling.scheduleInspection(regulator, inspectionInput(code(E.A_SECOND), { ...triggered, scheduledDate: '2027-01-12' }));
  const other = await draftPlan(em, clock, EnforcementLevel.DISTRICT, 2027);
  await stages(em, clock).scheduling.scheduleInspection(regulator, inspectionInput(code(E.KEY_COVERED), { type: InspectionType.KEY_UNIT, trigger: null, planId: other.id, scheduledDate: '2027-03-01' }));
  // A holiday on 2027-01-01 (Friday): the first date moves to the next working day.
  await db.orm.em.fork().getConnection().execute(`insert into calendar_day (date, working, name) values ('2027-01-01', false, '元旦')`);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const DRAFT = `mutation($input: DraftEnforcementPlanInput!) {
  draftEnforcementPlan(input: $input) {
    enterprises drafted alreadyInPlan keyUnitCovered capped groupExempt noDisturbance notGraded refused
    plan { id title level year status draftedAt }
  }
}`;
const REPORT = `query($id: ID!, $outcome: PlanDraftOutcome, $after: String) {
  enforcementPlan(id: $id) {
    draftReport(first: 100, outcome: $outcome, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { enterprise { creditCode } outcome type keyUnit grade score treatment groupExempt inspectionId scheduledDate inspectionsBefore reason } }
    }
  }
}`;

type Line = { enterprise: { creditCode: string }; outcome: string; type: string | null; inspectionId: string | null; scheduledDate: string | null; reason: string; [k: string]: unknown };
async function report(planId: string, outcome?: PlanDraftOutcome): Promise<Map<string, Line>> {
  const result = await api.run(REPORT, { id: planId, outcome }, regulator);
  expect(result.errors).toBeUndefined();
  return new Map(result.data!.enforcementPlan.draftReport.edges.map((e: { node: Line }) => [e.node.enterprise.creditCode, e.node]));
}

let planId: string;

describe('drafting a plan from the risk grades', () => {
  it('drafts the treatment of every enterprise of the level, within the cap, and says why for each', async () => {
    const result = await api.run(DRAFT, { input: { level: 'DISTRICT', year: 2027 } }, regulator);
    expect(result.errors).toBeUndefined();
    const draft = result.data!.draftEnforcementPlan;
    expect(draft).toMatchObject({
      enterprises: 14, // the DISTRICT enterprises not closed
      drafted: 7,
      alreadyInPlan: 0,
      keyUnitCovered: 1,
      capped: 1,
      groupExempt: 1,
      noDisturbance: 2,
      notGraded: 2,
      refused: 0,
      plan: { title: '2027年度危险化学品监督检查计划（区级）', level: 'DISTRICT', year: 2027, status: PlanStatus.DRAFT },
    });
    expect(new Date(draft.plan.draftedAt)).toEqual(clock.now());
    planId = draft.plan.id;

    const lines = await report(planId);
    expect(lines.size).toBe(14);
    expect(lines.has(code(E.TOWN_A))).toBe(false);
    expect(lines.has(code(E.CLOSED_A))).toBe(false);
    const outcome = (n: number) => [lines.get(code(n))!.outcome, lines.get(code(n))!.type];
    expect(outcome(E.KEY_A)).toEqual(['DRAFTED', 'KEY_UNIT']);
    expect(outcome(E.KEY_UNGRADED)).toEqual(['DRAFTED', 'KEY_UNIT']);
    expect(outcome(E.A)).toEqual(['DRAFTED', 'FULL_CHECKUP']);
    expect(outcome(E.B)).toEqual(['DRAFTED', 'KEY_SPOT_CHECK']);
    expect(outcome(E.C)).toEqual(['DRAFTED', 'HELP_VISIT']);
    expect(outcome(E.D)).toEqual(['NO_DISTURBANCE', null]);
    expect(outcome(E.GROUP)).toEqual(['NO_DISTURBANCE', null]);
    expect(outcome(E.UNGRADED)).toEqual(['NOT_GRADED', null]);
    expect(outcome(E.GROUP_REVOKED)).toEqual(['NOT_GRADED', null]);
    expect(outcome(E.SUB_EXEMPT)).toEqual(['GROUP_EXEMPT', null]);
    expect(outcome(E.SUB_REVOKED)).toEqual(['DRAFTED', 'KEY_SPOT_CHECK']);
    expect(outcome(E.B_CAPPED)).toEqual(['CAPPED', 'KEY_SPOT_CHECK']);
    expect(outcome(E.A_SECOND)).toEqual(['DRAFTED', 'FULL_CHECKUP']);
    expect(outcome(E.KEY_COVERED)).toEqual(['KEY_UNIT_COVERED', 'KEY_UNIT']);

    expect(lines.get(code(E.KEY_A))).toMatchObject({
      keyUnit: true,
      grade: 'A',
      score: 72,
      treatment: 'FULL_CHECKUP',
      inspectionsBefore: 0,
      reason: 'Key unit (重点监管单位): inspected every year; grade A (72 points, graded 2026-11-01), carried out as a full check-up (全面体检)',
    });
    expect(lines.get(code(E.C))).toMatchObject({ grade: 'C', score: 15, reason: 'grade C (15 points, graded 2026-11-01): help visit (主动帮扶)' });
    expect(lines.get(code(E.SUB_EXEMPT))).toMatchObject({ groupExempt: true, treatment: 'NO_DISTURBANCE', inspectionId: null });
    expect(lines.get(code(E.SUB_EXEMPT))!.reason).toContain('self-supervises');
    expect(lines.get(code(E.SUB_REVOKED))).toMatchObject({ groupExempt: false, treatment: 'KEY_SPOT_CHECK' });
    expect(lines.get(code(E.SUB_REVOKED))!.reason).toContain('revoked after the grading');
    expect(lines.get(code(E.B_CAPPED))).toMatchObject({ inspectionsBefore: 2, inspectionId: null });
    expect(lines.get(code(E.B_CAPPED))!.reason).toContain('yearly cap');
    expect(lines.get(code(E.A_SECOND))).toMatchObject({ inspectionsBefore: 1 });
    expect(lines.get(code(E.KEY_COVERED))!.reason).toContain('already scheduled or done');

    // The inspections are in the plan, PLANNED, authored by the regulator; the second of the year carries its reason as justification.
    const inspections = await db.orm.em.fork().find(Inspection, { plan: planId }, { populate: ['enterprise'], orderBy: { scheduledDate: 'asc', id: 'asc' } });
    expect(inspections).toHaveLength(7);
    for (const i of inspections) {
      expect(lines.get(i.enterprise.creditCode)).toMatchObject({ inspectionId: i.id, scheduledDate: i.scheduledDate });
      expect(i).toMatchObject({ status: 'PLANNED', enforcingLevel: 'DISTRICT', year: 2027, createdBy: 'regulator-1' });
    }
    const second = inspections.find((i) => i.enterprise.creditCode === code(E.A_SECOND))!;
    expect(second.justification).toBe(`2027 annual plan: ${lines.get(code(E.A_SECOND))!.reason}`);
    expect(inspections.find((i) => i.enterprise.creditCode === code(E.A))!.justification).toBeNull();

    // Dates: working days of 2027, spread over the year, highest risk first.
    expect(inspections.map((i) => i.enterprise.creditCode)).toEqual([E.KEY_A, E.A, E.A_SECOND, E.B, E.SUB_REVOKED, E.C, E.KEY_UNGRADED].map(code));
    expect(inspections[0].scheduledDate).toBe('2027-01-04'); // 1 January is a holiday, 2–3 a weekend
    expect(inspections[6].scheduledDate >= '2027-10-01').toBe(true);
    for (const i of inspections) expect([0, 6]).not.toContain(new Date(`${i.scheduledDate}T00:00:00Z`).getUTCDay());
  });

  it('re-drafting the same DRAFT plan adds only what is missing and keeps the reasons', async () => {
    // UNGRADED is graded C meanwhile.
    await grade(E.UNGRADED, RiskGrade.C, SupervisionTreatment.PROACTIVE_HELP, false, 11);
    const again = await api.run(DRAFT, { input: { level: 'DISTRICT', year: 2027, planId } }, regulator);
    expect(again.errors).toBeUndefined();
    expect(again.data!.draftEnforcementPlan).toMatchObject({ enterprises: 14, drafted: 1, alreadyInPlan: 7, notGraded: 1, plan: { id: planId } });
    const lines = await report(planId);
    expect(lines.get(code(E.UNGRADED))).toMatchObject({ outcome: 'DRAFTED', type: 'HELP_VISIT' });
    expect(lines.get(code(E.KEY_A))!.reason).toMatch(/^Drafted earlier: Key unit/);
    expect(await db.orm.em.fork().count(Inspection, { plan: planId })).toBe(8);

    // A third run changes nothing.
    expect((await api.run(DRAFT, { input: { level: 'DISTRICT', year: 2027, planId } }, regulator)).data!.draftEnforcementPlan).toMatchObject({ drafted: 0, alreadyInPlan: 8 });
    expect((await report(planId)).get(code(E.KEY_A))!.reason).toMatch(/^Drafted earlier: Key unit/);
  });

  it('pages the report by enterprise and filters it by outcome', async () => {
    const first = await api.run(`query($id: ID!) { enforcementPlan(id: $id) { draftReport(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { enterprise { creditCode } } } } } }`, { id: planId }, regulator);
    const page = first.data!.enforcementPlan.draftReport;
    expect(page.totalCount).toBe(14);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.map((e: any) => e.node.enterprise.creditCode)).toEqual([801, 802, 803, 804, 805].map(code));
    const rest = await api.run(REPORT, { id: planId, after: page.pageInfo.endCursor }, regulator);
    expect(rest.data!.enforcementPlan.draftReport.edges).toHaveLength(9);
    expect([...(await report(planId, PlanDraftOutcome.CAPPED)).keys()]).toEqual([code(E.B_CAPPED)]);
  });

  it('fills only a DRAFT plan of the same level and year', async () => {
    const town = await api.run(DRAFT, { input: { level: 'TOWN', year: 2027, planId } }, regulator);
    expect(codes(town)).toEqual(['BAD_USER_INPUT']);
    expect(town.errors![0].extensions).toMatchObject({ field: 'input.planId' });
    const approved = await draftPlan(db.orm.em, clock, EnforcementLevel.DISTRICT, 2027);
    await publish(db.orm.em, clock, approved);
    const notEditable = await api.run(DRAFT, { input: { level: 'DISTRICT', year: 2027, planId: approved.id } }, regulator);
    expect(codes(notEditable)).toEqual(['PLAN_NOT_EDITABLE']);
    expect(codes(await api.run(DRAFT, { input: { level: 'DISTRICT', year: 2027, planId: '999999' } }, regulator))).toEqual(['NOT_FOUND']);
    // Too late: from the 25th of November nothing of 2026 can still be announced.
    const late = await stages(db.orm.em, fixedClock('2026-11-25T02:00:00.000Z')).drafting.draftPlan(regulator, { level: EnforcementLevel.DISTRICT, year: 2026 }).catch((e) => e);
    expect(late).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'year'] });
    expect(await db.orm.em.fork().count(EnforcementPlan, { year: 2026 })).toBe(0);
  });

  it('a new plan drafted at another level holds only that level’s enterprises', async () => {
    const town = await stages(db.orm.em, clock).drafting.draftPlan(regulator, { level: EnforcementLevel.TOWN, town: '高桥镇', year: 2027, title: '2027年度街镇检查计划' });
    expect(town).toMatchObject({ enterprises: 1, drafted: 1, plan: { title: '2027年度街镇检查计划', level: EnforcementLevel.TOWN } });
    const [inspection] = await db.orm.em.fork().find(Inspection, { plan: town.plan.id }, { populate: ['enterprise'] });
    expect(inspection).toMatchObject({ type: InspectionType.FULL_CHECKUP, enforcingLevel: EnforcementLevel.TOWN, enterprise: { creditCode: code(E.TOWN_A) } });
  });

  it('is for regulators only, and so is the report', async () => {
    const input = { level: 'DISTRICT', year: 2027 };
    expect(codes(await api.run(DRAFT, { input }, enterpriseViewer(code(E.A))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(DRAFT, { input }, anonymous))).toEqual(['UNAUTHENTICATED']);
    await expect(stages(db.orm.em, clock).drafting.draftPlan(enterpriseViewer(code(E.A)), { level: EnforcementLevel.DISTRICT, year: 2027 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Once approved the plan is public, its report is not.
    await stages(db.orm.em, clock).plans.approvePlan(regulator, planId);
    const publicRead = await api.run(`query($id: ID!) { enforcementPlan(id: $id) { title draftReport { totalCount } } }`, { id: planId }, enterpriseViewer(code(E.A)));
    expect(codes(publicRead)).toEqual(['FORBIDDEN']);
    expect(publicRead.errors![0].path).toEqual(['enforcementPlan', 'draftReport']);
  });
});
