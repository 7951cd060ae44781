import { HazardSeverity, InspectionType } from '../../src/inspection/inspection.enums';
import { fixedClock } from '../../src/shared/clock';
import { currentRiskGrades } from '../../src/supervision/current-risk-grades';
import { Notification } from '../../src/supervision/notification.entity';
import { RiskGradeChange } from '../../src/supervision/risk-grade.entity';
import { SupervisionService } from '../../src/supervision/supervision.service';
import { AccidentSeverity, NotificationKind, RiskGrade, SupervisionTreatment } from '../../src/supervision/supervision.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { draftPlan, inspectionInput, penalise, stages, startAndRecord } from '../support/inspection-fixtures';
import { runJob } from '../support/supervision-fixtures';

let db: TestDatabase;
const clock = fixedClock('2026-11-20T02:00:00.000Z');
const [CLEAN, ACCIDENT, HAZARD, GROUP, SUB, SUB_KEY] = [701, 702, 703, 704, 705, 706].map(creditCode);

beforeAll(async () => {
  db = await openTestDatabase();
  const em = db.orm.em.fork();
  for (const n of [701, 702, 703, 704]) await registerEnterprise(em, n);
  await registerEnterprise(em, 705, { parentCreditCode: GROUP });
  await registerEnterprise(em, 706, { parentCreditCode: GROUP, keyUnit: true });
});
afterAll(() => db.close());

const service = () => new SupervisionService(db.orm.em.fork(), clock);
const accident = (enterprise: string, severity: AccidentSeverity, occurredAt = '2025-06-01T00:00:00Z', deaths = 0) =>
  service().recordAccident(regulator, { enterprise, severity, occurredAt: new Date(occurredAt), deaths, injuries: 1, description: '泄漏' });
const current = async (code: string) => db.orm.em.fork().findOne(RiskGradeChange, { enterprise: { creditCode: code } }, { orderBy: { id: 'desc' } });

describe('risk grading', () => {
  it('grades from 3 years of accidents, penalties, hazards and their rectification, with the treatment of each grade', async () => {
    await accident(ACCIDENT, AccidentSeverity.LARGER);
    await accident(ACCIDENT, AccidentSeverity.MAJOR, '2023-06-01T00:00:00Z'); // outside the 3-year window
    // HAZARD: a major hazard whose deadline passed unrectified, and a fine.
    const at = fixedClock('2026-09-01T02:00:00.000Z');
    const inspection = await stages(db.orm.em.fork(), at).scheduling.scheduleInspection(regulator, inspectionInput(HAZARD, { scheduledDate: '2026-09-01', trigger: 'referral' }));
    await startAndRecord(db.orm.em.fork(), at, inspection);
    await stages(db.orm.em.fork(), at).findings.recordFinding(regulator, { inspectionId: inspection.id, description: '储罐区可燃气体报警器失效', severity: HazardSeverity.MAJOR, rectificationDeadline: '2026-10-01' });
    await penalise(db.orm.em, at, inspection, '50000');
    // The group self-supervises its subsidiaries; both had an ordinary accident.
    await service().acceptGroupSelfSupervision(regulator, GROUP);
    await accident(SUB, AccidentSeverity.ORDINARY);
    await accident(SUB_KEY, AccidentSeverity.ORDINARY);

    const run = await runJob(db, clock, 'risk-grading');
    expect(run.counts).toMatchObject({ enterprises: 6, changed: 6, gradeD: 2, gradeB: 2, gradeC: 2 });
    expect(await current(CLEAN)).toMatchObject({ grade: RiskGrade.D, score: 0, treatment: SupervisionTreatment.NO_DISTURBANCE, previousGrade: null });
    expect(await current(ACCIDENT)).toMatchObject({ grade: RiskGrade.B, score: 40, treatment: SupervisionTreatment.KEY_SPOT_CHECK });
    const hazard = await current(HAZARD);
    expect(hazard).toMatchObject({ grade: RiskGrade.B, score: 35, treatment: SupervisionTreatment.KEY_SPOT_CHECK });
    expect(hazard!.reasons.map((r) => r.factor).sort()).toEqual(['HAZARD_FINDING', 'LATE_RECTIFICATION', 'PENALTY']);
    expect(await current(SUB)).toMatchObject({ grade: RiskGrade.C, treatment: SupervisionTreatment.NO_DISTURBANCE, groupExempt: true });
    expect(await current(SUB_KEY)).toMatchObject({ grade: RiskGrade.C, treatment: SupervisionTreatment.PROACTIVE_HELP, groupExempt: false });

    const grades = await currentRiskGrades(db.orm.em.fork(), [(await current(SUB))!.enterprise.id, (await current(CLEAN))!.enterprise.id]);
    expect([...grades.values()].map((g) => [g.grade, g.treatment, g.groupExempt]).sort()).toEqual([
      [RiskGrade.C, SupervisionTreatment.NO_DISTURBANCE, true],
      [RiskGrade.D, SupervisionTreatment.NO_DISTURBANCE, false],
    ]);

    // Nothing changed: no new rows.
    expect((await runJob(db, clock, 'risk-grading')).counts.changed).toBeUndefined();

    // A second accident moves ACCIDENT to A; the group's undertaking revoked ends SUB's exemption.
    await accident(ACCIDENT, AccidentSeverity.LARGER, '2026-11-01T00:00:00Z', 1);
    await service().revokeGroupSelfSupervision(regulator, GROUP);
    clock.set('2026-12-01T02:00:00.000Z');
    expect((await runJob(db, clock, 'risk-grading')).counts).toMatchObject({ changed: 2 });
    expect(await current(ACCIDENT)).toMatchObject({ grade: RiskGrade.A, previousGrade: RiskGrade.B, score: 85, treatment: SupervisionTreatment.FULL_CHECKUP });
    expect(await current(SUB)).toMatchObject({ grade: RiskGrade.C, previousGrade: RiskGrade.C, treatment: SupervisionTreatment.PROACTIVE_HELP, groupExempt: false });
    const notices = await db.orm.em.fork().find(Notification, { kind: NotificationKind.RISK_GRADE_CHANGED, enterprise: { creditCode: ACCIDENT } }, { orderBy: { id: 'asc' } });
    expect(notices.map((n) => n.payload.grade)).toEqual(['B', 'A']);
  });

  it('keeps the history, readable by regulators and the enterprise itself', async () => {
    const api = await createTestApi(db, { clock });
    try {
      const q = `query($e: CreditCode!) { riskGradeHistory(enterprise: $e) { edges { node { grade previousGrade score treatment reasons { factor points detail } } } } }`;
      const own = await api.run(q, { e: ACCIDENT }, enterpriseViewer(ACCIDENT));
      expect(own.errors).toBeUndefined();
      expect(own.data!.riskGradeHistory.edges.map((e: any) => e.node.grade)).toEqual(['B', 'A']);
      expect(own.data!.riskGradeHistory.edges[1].node.reasons).toContainEqual({ factor: 'ACCIDENT', points: 45, detail: 'LARGER accident, 1 death(s), 1 injur(ies)' });
      expect(codes(await api.run(q, { e: ACCIDENT }, enterpriseViewer(CLEAN)))).toEqual(['FORBIDDEN']);
      // Newest first, a page at a time, as the console lists it.
      const newest = `query($e: CreditCode!, $after: String) { riskGradeHistory(enterprise: $e, newestFirst: true, first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { grade } } } }`;
      const first = (await api.run(newest, { e: ACCIDENT }, enterpriseViewer(ACCIDENT))).data!.riskGradeHistory;
      expect([first.edges[0].node.grade, first.pageInfo.hasNextPage]).toEqual(['A', true]);
      const second = (await api.run(newest, { e: ACCIDENT, after: first.pageInfo.endCursor }, enterpriseViewer(ACCIDENT))).data!.riskGradeHistory;
      expect([second.edges[0].node.grade, second.pageInfo.hasNextPage]).toEqual(['B', false]);
    } finally {
      await api.stop();
    }
  });
});

describe('monthly publication', () => {
  it('on the 25th publishes the approved plan and next month’s targets with their items, publicly', async () => {
    const at = fixedClock('2026-11-24T02:00:00.000Z');
    const plan = await draftPlan(db.orm.em.fork(), at, undefined, 2026);
    await stages(db.orm.em.fork(), at).scheduling.scheduleInspection(regulator, inspectionInput(CLEAN, { type: InspectionType.KEY_SPOT_CHECK, planId: plan.id, scheduledDate: '2026-12-08', trigger: null }));
    await stages(db.orm.em.fork(), at).plans.approvePlan(regulator, plan.id);
    // Public from its approval, before the job's run; its targets are not, yet.
    const early = await createTestApi(db, { clock: at });
    try {
      const approved = await early.run(`{ enforcementPlans { edges { node { id status } } } }`, {}, anonymous);
      expect(approved.data?.enforcementPlans.edges.map((e: any) => e.node)).toEqual([{ id: plan.id, status: 'APPROVED' }]);
      expect((await early.run(`query($m: String!) { publishedInspectionTargets(month: $m) { month } }`, { m: '2026-12' })).data!.publishedInspectionTargets).toBeNull();
    } finally {
      await early.stop();
    }

    clock.set('2026-11-25T00:00:00.000Z'); // 08:00 in Shanghai
    const run = await runJob(db, clock, 'monthly-publication');
    expect(run.counts).toMatchObject({ plansPublished: 1, targetsPublished: 1, targets: 1 });

    const api = await createTestApi(db, { clock });
    try {
      const q = `query($m: String!) { publishedInspectionTargets(month: $m) { month publishedAt targets { enterpriseName town type scheduledDate items } } }`;
      const december = await api.run(q, { m: '2026-12' }, anonymous);
      expect(december.errors).toBeUndefined();
      expect(december.data!.publishedInspectionTargets).toMatchObject({
        month: '2026-12',
        targets: [{ enterpriseName: '企业701', town: '高桥镇', type: 'KEY_SPOT_CHECK', scheduledDate: '2026-12-08', items: ['危险化学品安全生产许可证在有效期内', '储存场所设置监测报警装置'] }],
      });
      expect((await api.run(q, { m: '2027-01' })).data!.publishedInspectionTargets).toBeNull();
      expect(codes(await api.run(q, { m: '2026-13' }))).toEqual(['BAD_USER_INPUT']);
      const plans = await api.run(`{ enforcementPlans { edges { node { id status } } } }`, {}, anonymous);
      expect(plans.data?.enforcementPlans.edges.map((e: any) => e.node)).toEqual([{ id: plan.id, status: 'PUBLISHED' }]);
    } finally {
      await api.stop();
    }
    const [notice] = await db.orm.em.fork().find(Notification, { kind: NotificationKind.INSPECTION_TARGETS_PUBLISHED });
    expect(notice.payload).toMatchObject({ month: '2026-12', scheduledDate: '2026-12-08' });
    // A second run publishes nothing new and keeps the snapshot.
    expect((await runJob(db, clock, 'monthly-publication')).counts).toMatchObject({ targets: 1 });
  });
});
