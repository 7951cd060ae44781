
import { ChecklistItem } from '../../src/inspection/checklist-item.entity';
import { Finding } from '../../src/inspection/finding.entity';
import { InspectionEvaluation } from '../../src/inspection/inspection-evaluation.entity';
import { ChecklistResult, FindingStatus, HazardSeverity, InspectionStatus, NoPenaltyReason } from '../../src/inspection/inspection.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { PenaltyDecision } from '../../src/inspection/penalty-decision.entity';
import { OnSitePlanService } from '../../src/inspection/on-site-plan.service';
import { groupInspectionCode } from '../../src/proof/inspection-code';
import { ALPHABET } from '../../src/proof/mod31';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, partner, registerEnterprise, regulator } from '../support/fixtures';
import { penalise, stages, schedule, startAndRecord, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();
const service = () => stages(db.orm.em, clock);
const count = (entity: typeof Finding | typeof PenaltyDecision | typeof InspectionEvaluation | typeof ChecklistItem) => db.orm.em.fork().count(entity, {});
const statusOf = async (id: string) => (await db.orm.em.fork().findOneOrFail(Inspection, { id })).status;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  for (const n of [1, 2, 3, 4, 5]) await registerEnterprise(db.orm.em, n);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('the lifecycle PLANNED → IN_PROGRESS → COMPLETED → CLOSED', () => {
  let inspection: Inspection;
  let finding: Finding;

  it('starts with two officers and a checklist; refuses other moves as INVALID_TRANSITION', async () => {
    inspection = await schedule(db.orm.em, clock, creditCode(1), { inspectors: ['张伟 31010010001'] });
    await expect(service().inspections.completeInspection(regulator, inspection.id)).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'PLANNED', to: 'COMPLETED' } });
    await expect(service().inspections.closeInspection(regulator, inspection.id)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(service().inspections.startInspection(regulator, { id: inspection.id })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'inspectors'] });
    expect(await statusOf(inspection.id)).toBe(InspectionStatus.PLANNED);
    // Officers given, the on-site plan not yet approved: still refused.
    await expect(service().inspections.startInspection(regulator, { id: inspection.id, inspectors: ['张伟 31010010001', '王芳 31010010003'] })).rejects.toMatchObject({ code: 'ON_SITE_PLAN_NOT_APPROVED' });
    await new OnSitePlanService(db.orm.em.fork(), clock).approve(regulator, inspection.id);
    const started = await api.run(
      `mutation($input: StartInspectionInput!) { startInspection(input: $input) { status startedAt inspectors } }`,
      { input: { id: inspection.id, inspectors: ['张伟 31010010001', '王芳 31010010003'] } },
      regulator,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startInspection).toMatchObject({ status: 'IN_PROGRESS', inspectors: ['张伟 31010010001', '王芳 31010010003'] });
    await expect(service().inspections.startInspection(regulator, { id: inspection.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('completes only when every checklist item has a result', async () => {
    const items = await db.orm.em.fork().find(ChecklistItem, { inspection: inspection.id }, { orderBy: { position: 'asc' } });
    await service().inspections.recordChecklistResult(regulator, { checklistItemId: items[0].id, result: ChecklistResult.COMPLIANT });
    const incomplete = await api.run(`mutation($id: ID!) { completeInspection(id: $id) { status } }`, { id: inspection.id }, regulator);
    expect(codes(incomplete)).toEqual(['CHECKLIST_INCOMPLETE']);
    expect(incomplete.errors![0].extensions!.pending).toBe(1);
    expect(await statusOf(inspection.id)).toBe(InspectionStatus.IN_PROGRESS);
    await service().inspections.recordChecklistResult(regulator, { checklistItemId: items[1].id, result: ChecklistResult.NON_COMPLIANT, note: '报警装置失效' });
    finding = await service().findings.recordFinding(regulator, {
      inspectionId: inspection.id,
      checklistItemId: items[1].id,
      description: '可燃气体报警装置失效',
      severity: HazardSeverity.MAJOR,
      rectificationDeadline: '2025-03-20',
    });
    await expect(service().findings.recordFinding(regulator, { inspectionId: inspection.id, description: 'x', severity: HazardSeverity.GENERAL, rectificationDeadline: '2025-03-01' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'rectificationDeadline'],
    });
    const completed = await service().inspections.completeInspection(regulator, inspection.id);
    expect(completed.status).toBe(InspectionStatus.COMPLETED);
    // Findings are recorded on site only.
    const before = await count(Finding);
    await expect(service().findings.recordFinding(regulator, { inspectionId: inspection.id, description: 'x', severity: HazardSeverity.GENERAL, rectificationDeadline: '2025-04-01' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(service().inspections.recordChecklistResult(regulator, { checklistItemId: items[0].id, result: ChecklistResult.NON_COMPLIANT })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await count(Finding)).toBe(before);
  });

  it('records one penalty decision: after its notice, with its reasons, or no penalty and why (the procedure: penalty-procedure.test.ts)', async () => {
    const before = await count(PenaltyDecision);
    const decide = (input: Record<string, unknown>) => service().penalties.recordPenaltyDecision(regulator, { inspectionId: inspection.id, penalized: true, ...input } as never);
    const reasons = { factReasons: '笔录', legalReasons: '第九十九条', discretionReasons: '一般' };
    await expect(decide({ amountYuan: '30000' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'factReasons'] });
    await expect(decide({ ...reasons, amountYuan: '0' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'amountYuan'] });
    await expect(decide({ ...reasons, amountYuan: '1.005' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'amountYuan'] });
    await expect(decide({ ...reasons, amountYuan: '30000' })).rejects.toMatchObject({ code: 'PENALTY_PROCEDURE_INCOMPLETE' });
    await expect(decide({ penalized: false })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'noPenaltyReason'] });
    await expect(decide({ penalized: false, noPenaltyReason: NoPenaltyReason.MINOR, amountYuan: '10' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await count(PenaltyDecision)).toBe(before);
    const decision = await penalise(db.orm.em, clock, inspection, '30000');
    expect(decision).toMatchObject({ penalized: true, amountYuan: '30000.00', legalBasis: '《安全生产法》第九十九条第二项' });
    const again = await api.run(
      `mutation($input: RecordPenaltyDecisionInput!) { recordPenaltyDecision(input: $input) { id } }`,
      { input: { inspectionId: inspection.id, penalized: false, noPenaltyReason: 'FIRST_OFFENCE' } },
      regulator,
    );
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(await count(PenaltyDecision)).toBe(before + 1);
  });

  it('closes only after every finding is re-checked as rectified', async () => {
    const notReady = await api.run(`mutation($id: ID!) { closeInspection(id: $id) { status } }`, { id: inspection.id }, regulator);
    expect(codes(notReady)).toEqual(['NOT_READY_TO_CLOSE']);
    expect(notReady.errors![0].extensions!.outstandingFindings).toBe(1);
    // A re-check needs a reported rectification first.
    await expect(service().findings.recheckFinding(regulator, { findingId: finding.id, rectified: true })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    // The enterprise itself reports it; another enterprise may not; not in the future.
    await expect(service().findings.recordRectification(enterpriseViewer(creditCode(2)), { findingId: finding.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service().findings.recordRectification(enterpriseViewer(creditCode(1)), { findingId: finding.id, rectifiedAt: new Date('2025-03-04T00:00:00Z') })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    clock.advance(3 * 86_400_000);
    const reported = await api.run(
      `mutation($input: RecordRectificationInput!) { recordRectification(input: $input) { status rectifiedAt } }`,
      { input: { findingId: finding.id } },
      enterpriseViewer(creditCode(1)),
    );
    expect(reported.errors).toBeUndefined();
    expect(reported.data!.recordRectification.status).toBe('RECTIFIED');
    // The re-check fails: back to OPEN with a new deadline, which it needs.
    await expect(service().findings.recheckFinding(regulator, { findingId: finding.id, rectified: false })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'newDeadline'] });
    const failed = await service().findings.recheckFinding(regulator, { findingId: finding.id, rectified: false, newDeadline: '2025-03-31', note: '报警器未联动' });
    expect(failed).toMatchObject({ status: FindingStatus.OPEN, failedRechecks: 1, rectificationDeadline: '2025-03-31', originalDeadline: '2025-03-20' });
    await expect(service().findings.recheckFinding(enterpriseViewer(creditCode(1)), { findingId: finding.id, rectified: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    clock.advance(86_400_000);
    await service().findings.recordRectification(regulator, { findingId: finding.id });
    const verified = await service().findings.recheckFinding(regulator, { findingId: finding.id, rectified: true });
    expect(verified.status).toBe(FindingStatus.VERIFIED);
    expect(verified.verifiedAt).toEqual(clock.now());
    const closed = await api.run(`mutation($id: ID!) { closeInspection(id: $id) { status closedAt findings { totalCount edges { node { status failedRechecks } } } penalty { penalized amountYuan } } }`, { id: inspection.id }, regulator);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeInspection).toMatchObject({ status: 'CLOSED', findings: { totalCount: 1, edges: [{ node: { status: 'VERIFIED', failedRechecks: 1 } }] }, penalty: { penalized: true, amountYuan: '30000.00' } });
    expect(codes(await api.run(`mutation($id: ID!) { cancelInspection(id: $id, reason: "x") { status } }`, { id: inspection.id }, regulator))).toEqual(['INVALID_TRANSITION']);
  });

  it('cannot close without a penalty decision', async () => {
    const other = await schedule(db.orm.em, clock, creditCode(2));
    await startAndRecord(db.orm.em, clock, other);
    await service().inspections.completeInspection(regulator, other.id);
    await expect(service().inspections.closeInspection(regulator, other.id)).rejects.toMatchObject({ code: 'NOT_READY_TO_CLOSE', details: { penaltyDecision: false } });
    await service().penalties.recordPenaltyDecision(regulator, { inspectionId: other.id, penalized: false, noPenaltyReason: NoPenaltyReason.NO_FAULT });
    expect((await service().inspections.closeInspection(regulator, other.id)).status).toBe(InspectionStatus.CLOSED);
  });

  it('cancels a PLANNED or IN_PROGRESS inspection with a reason', async () => {
    const planned = await schedule(db.orm.em, clock, creditCode(3));
    await expect(service().inspections.cancelInspection(regulator, planned.id, ' ')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['reason'] });
    const cancelled = await service().inspections.cancelInspection(regulator, planned.id, '企业已停产');
    expect(cancelled).toMatchObject({ status: InspectionStatus.CANCELLED, cancelReason: '企业已停产' });
    await expect(service().inspections.startInspection(regulator, { id: planned.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'CANCELLED' } });
  });

  it('only a regulator records', async () => {
    const planned = await schedule(db.orm.em, clock, creditCode(4), { departments: ['FIRE_RESCUE'] });
    const start = `mutation($input: StartInspectionInput!) { startInspection(input: $input) { status } }`;
    expect(codes(await api.run(start, { input: { id: planned.id } }, enterpriseViewer(creditCode(4))))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(start, { input: { id: planned.id } }, partner('FIRE_RESCUE')))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(start, { input: { id: planned.id } }, anonymous))).toEqual(['UNAUTHENTICATED']);
    const add = `mutation($input: AddChecklistItemInput!) { addChecklistItem(input: $input) { position item } }`;
    expect(codes(await api.run(add, { input: { inspectionId: planned.id, item: 'x' } }, enterpriseViewer(creditCode(4))))).toEqual(['FORBIDDEN']);
    const added = await api.run(add, { input: { inspectionId: planned.id, item: '应急预案备案' } }, regulator);
    expect(added.data!.addChecklistItem).toEqual({ position: 3, item: '应急预案备案' });
    expect(await statusOf(planned.id)).toBe(InspectionStatus.PLANNED);
  });
});

describe('the inspection code', () => {
  let inspection: Inspection;
  const BY_CODE = `query($code: String!) { inspectionByCode(code: $code) {
    code enterpriseName type enforcingLevel departments inspectors scheduledDate status
    checklist { position item result } findings { total major outstanding } penalty { penalized legalBasis amountYuan noPenaltyReason } evaluated } }`;
  const EVALUATE = `mutation($input: EvaluateInspectionInput!) { evaluateInspection(input: $input) { rating comment } }`;

  beforeAll(async () => {
    inspection = await schedule(db.orm.em, clock, creditCode(5), { departments: ['PUBLIC_SECURITY'] });
  });

  it('is public: who inspects, what, the result; nothing private', async () => {
    const result = await api.run(BY_CODE, { code: groupInspectionCode(inspection.code).toLowerCase() });
    expect(result.errors).toBeUndefined();
    expect(result.data!.inspectionByCode).toEqual({
      code: inspection.code,
      enterpriseName: '企业5',
      type: 'EVENT_TRIGGERED',
      enforcingLevel: 'DISTRICT',
      departments: ['PUBLIC_SECURITY'],
      inspectors: ['张伟 31010010001', '李娜 31010010002'],
      scheduledDate: '2025-04-10',
      status: 'PLANNED',
      checklist: [
        { position: 1, item: '危险化学品安全生产许可证在有效期内', result: null },
        { position: 2, item: '储存场所设置监测报警装置', result: null },
      ],
      findings: { total: 0, major: 0, outstanding: 0 },
      penalty: null,
      evaluated: false,
    });
    for (const field of ['enterprise { creditCode }', 'justification', 'trigger', 'id']) {
      expect(codes(await api.run(`query($code: String!) { inspectionByCode(code: $code) { ${field} } }`, { code: inspection.code }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
  });

  it('a mistyped code is BAD_USER_INPUT; an unknown valid one NOT_FOUND', async () => {
    const c = inspection.code;
    const typo = c.slice(0, 3) + ALPHABET[(ALPHABET.indexOf(c[3]) + 1) % 31] + c.slice(4);
    const mistyped = await api.run(BY_CODE, { code: typo });
    expect(codes(mistyped)).toEqual(['BAD_USER_INPUT']);
    expect(mistyped.errors![0].extensions).toMatchObject({ field: 'code', reason: 'CHECK_CHARACTER' });
    expect(codes(await api.run(BY_CODE, { code: '0000000000000' }))).toEqual(c === '0000000000000' ? [] : ['NOT_FOUND']);
  });

  it('is evaluated once, by the inspected enterprise, after completion', async () => {
    const input = { code: inspection.code, rating: 4, comment: '检查规范，指导细致' };
    expect(codes(await api.run(EVALUATE, { input }, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await api.run(EVALUATE, { input }, regulator))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(EVALUATE, { input }, enterpriseViewer(creditCode(5))))).toEqual(['INVALID_TRANSITION']);
    await startAndRecord(db.orm.em, clock, inspection);
    await service().inspections.completeInspection(regulator, inspection.id);
    expect(codes(await api.run(EVALUATE, { input }, enterpriseViewer(creditCode(4))))).toEqual(['FORBIDDEN']);
    const bad = await api.run(EVALUATE, { input: { ...input, rating: 6 } }, enterpriseViewer(creditCode(5)));
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions!.field).toBe('input.rating');
    expect(await count(InspectionEvaluation)).toBe(0);
    const ok = await api.run(EVALUATE, { input }, enterpriseViewer(creditCode(5)));
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.evaluateInspection).toEqual({ rating: 4, comment: '检查规范，指导细致' });
    expect(codes(await api.run(EVALUATE, { input: { ...input, rating: 1 } }, enterpriseViewer(creditCode(5))))).toEqual(['CONFLICT']);
    expect(await count(InspectionEvaluation)).toBe(1);
    const view = await api.run(BY_CODE, { code: inspection.code });
    expect(view.data!.inspectionByCode).toMatchObject({ status: 'COMPLETED', evaluated: true, checklist: [{ result: 'COMPLIANT' }, { result: 'COMPLIANT' }] });
  });
});
