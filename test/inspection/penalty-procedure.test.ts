/**
 * The penalty procedure (docs/inspection.md, "Penalties"): the discretion
 * benchmark, the notice, the statement and defence, the hearing, the decision
 * and its reasons, and FIRST_OFFENCE checked against three years of history.
 * Each rule is tried the way someone would try to get round it.
 */
import { HazardSeverity, NoPenaltyReason } from '../../src/inspection/inspection.enums';
import { Inspection } from '../../src/inspection/inspection.entity';
import { PenaltyDecision } from '../../src/inspection/penalty-decision.entity';
import { PenaltyNotice } from '../../src/inspection/penalty-notice.entity';
import { PenaltyProcedureService } from '../../src/inspection/penalty-procedure.service';
import { DiscretionBand, PenaltyMeasure } from '../../src/inspection/penalty.enums';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { expectPaged } from '../support/connection-paging';
import { admin, anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { benchmarkRow, NOW, penalise, schedule, stages, startAndRecord } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock(NOW);
const DAY = 86_400_000;
const procedure = (at = clock) => new PenaltyProcedureService(db.orm.em.fork(), at);
const decide = (inspection: Inspection, input: Record<string, unknown>, at = clock) =>
  stages(db.orm.em, at).penalties.recordPenaltyDecision(regulator, {
    inspectionId: inspection.id,
    penalized: true,
    factReasons: '现场检查笔录、照片',
    legalReasons: '违反第三十六条，依第九十九条第二项',
    discretionReasons: '逾期未改正，一般情节；申辩未采纳：报警器失效非不可抗力',
    ...input,
  } as never);
const later = (days: number) => fixedClock(new Date(clock.now().getTime() + days * DAY));
let benchmarkId: string;

async function inProgress(n: number, at = clock): Promise<Inspection> {
  const inspection = await schedule(db.orm.em, at, creditCode(n), { scheduledDate: at.now().toISOString().slice(0, 10) });
  await startAndRecord(db.orm.em, at, inspection);
  return inspection;
}
const notice = (inspection: Inspection, over: Record<string, unknown> = {}) =>
  procedure().issueNotice(regulator, { inspectionId: inspection.id, benchmarkId, factors: ['逾期未改正'], measures: [PenaltyMeasure.FINE], amountYuan: '30000', facts: '报警器失效', ...over } as never);

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  for (const n of [31, 32, 33, 34, 35, 36, 37]) await registerEnterprise(db.orm.em, n);
  benchmarkId = (await benchmarkRow(db.orm.em)).id;
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('the discretion benchmark', () => {
  it('is data an administrator defines; a regulator may not change it; the range is checked', async () => {
    const row = { violation: 'AQ-099-2', title: 't', legalBasis: '《安全生产法》第九十九条第二项', band: DiscretionBand.SERIOUS, factors: ['造成事故'], minYuan: '50000', maxYuan: '100000' };
    await expect(procedure().defineBenchmark(regulator, row)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(procedure().defineBenchmark(admin, { ...row, maxYuan: '40000' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'maxYuan'] });
    await expect(procedure().defineBenchmark(admin, { ...row, factors: [] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'factors'] });
    await procedure().defineBenchmark(admin, row);
    const table = await api.run(`{ discretionBenchmarks { edges { node { violation band factors minYuan maxYuan } } } }`);
    expect(table.errors).toBeUndefined();
    expect(table.data!.discretionBenchmarks.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { violation: 'AQ-099-2', band: 'GENERAL', factors: ['逾期未改正', '涉及重大危险源'], minYuan: '20000.00', maxYuan: '50000.00' },
      { violation: 'AQ-099-2', band: 'SERIOUS', factors: ['造成事故'], minYuan: '50000.00', maxYuan: '100000.00' },
    ]);
  });

  it('is a public connection, rows in the order first defined: a replaced row keeps its place', async () => {
    const row = { violation: 'AQ-101', title: '未按规定设置安全警示标志', legalBasis: '《安全生产法》第九十九条第一项', band: DiscretionBand.MINOR, factors: ['首次发现'], minYuan: '1000', maxYuan: '10000' };
    await procedure().defineBenchmark(admin, row);
    await procedure().defineBenchmark(admin, { violation: 'AQ-099-2', title: 't', legalBasis: '《安全生产法》第九十九条第二项', band: DiscretionBand.SERIOUS, factors: ['造成事故', '拒不改正'], minYuan: '50000', maxYuan: '100000' });
    const rows = await expectPaged(api.run, { field: 'discretionBenchmarks', node: 'violation band factors', viewer: anonymous });
    expect(rows).toEqual([
      { violation: 'AQ-099-2', band: 'GENERAL', factors: ['逾期未改正', '涉及重大危险源'] },
      { violation: 'AQ-099-2', band: 'SERIOUS', factors: ['造成事故', '拒不改正'] },
      { violation: 'AQ-101', band: 'MINOR', factors: ['首次发现'] },
    ]);
  });
});

describe('the notice of intended penalty', () => {
  it('refuses an amount outside the benchmark, a factor not in its row, an amount without a fine, and writes nothing', async () => {
    const inspection = await inProgress(31);
    await expect(notice(inspection, { amountYuan: '60000' })).rejects.toMatchObject({ code: 'OUTSIDE_DISCRETION_BENCHMARK', field: ['input', 'amountYuan'], details: { minYuan: '20000.00', maxYuan: '50000.00' } });
    await expect(notice(inspection, { amountYuan: '19999.99' })).rejects.toMatchObject({ code: 'OUTSIDE_DISCRETION_BENCHMARK' });
    await expect(notice(inspection, { factors: ['企业规模大'] })).rejects.toMatchObject({ code: 'OUTSIDE_DISCRETION_BENCHMARK', field: ['input', 'factors'] });
    await expect(notice(inspection, { factors: [] })).rejects.toMatchObject({ code: 'OUTSIDE_DISCRETION_BENCHMARK', field: ['input', 'factors'] });
    await expect(notice(inspection, { measures: [PenaltyMeasure.WARNING] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'amountYuan'] });
    expect(await db.orm.em.fork().count(PenaltyNotice, { inspection })).toBe(0);
    const issued = await api.run(
      `mutation($input: IssuePenaltyNoticeInput!) { issuePenaltyNotice(input: $input) { id hearingRight statementDeadline hearingRequestDeadline benchmark { violation band } factors amountYuan } }`,
      { input: { inspectionId: inspection.id, benchmarkId, factors: ['逾期未改正'], measures: ['FINE'], amountYuan: '30000', facts: '报警器失效' } },
      regulator,
    );
    expect(issued.errors).toBeUndefined();
    expect(issued.data!.issuePenaltyNotice).toMatchObject({ hearingRight: false, statementDeadline: '2025-03-06', hearingRequestDeadline: null, amountYuan: '30000.00', benchmark: { band: 'GENERAL' } });
    expect(codes(await api.run(`mutation($input: IssuePenaltyNoticeInput!) { issuePenaltyNotice(input: $input) { id } }`, { input: { inspectionId: inspection.id, benchmarkId, factors: ['逾期未改正'], measures: ['FINE'], amountYuan: '30000', facts: 'x' } }, regulator))).toEqual(['CONFLICT']);
  });
});

describe('statement, defence and decision', () => {
  it('refuses a decision while the statement period runs, before the statement is answered, above the notice or outside the benchmark; then decides with reasons', async () => {
    const inspection = await inProgress(32);
    const n = await notice(inspection, { amountYuan: '40000' });
    await expect(decide(inspection, { amountYuan: '40000' })).rejects.toMatchObject({ code: 'PENALTY_PROCEDURE_INCOMPLETE', details: { until: '2025-03-06' } });
    // Only the inspected enterprise states its case, within the period.
    await expect(procedure().submitStatement(enterpriseViewer(creditCode(33)), n.id, '不服')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(procedure(later(4)).submitStatement(enterpriseViewer(creditCode(32)), n.id, '已整改')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(procedure().requestHearing(enterpriseViewer(creditCode(32)), n.id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' }); // 40,000 yuan: no hearing right
    const stated = await api.run(`mutation($id: ID!) { submitPenaltyStatement(noticeId: $id, statement: "报警器已于次日更换，请求从轻") { statement statementAt } }`, { id: n.id }, enterpriseViewer(creditCode(32)));
    expect(stated.errors).toBeUndefined();
    await expect(decide(inspection, { amountYuan: '40000' }, later(4))).rejects.toMatchObject({ code: 'PENALTY_PROCEDURE_INCOMPLETE' });
    await procedure().answerStatement(regulator, { noticeId: n.id, adopted: true, reason: '已及时更换，从轻' });
    // A statement never makes the penalty heavier; the benchmark still binds.
    await expect(decide(inspection, { amountYuan: '45000' }, later(4))).rejects.toMatchObject({ code: 'OUTSIDE_DISCRETION_BENCHMARK', details: { noticeAmountYuan: '40000.00' } });
    await expect(decide(inspection, { amountYuan: '10000' }, later(4))).rejects.toMatchObject({ code: 'OUTSIDE_DISCRETION_BENCHMARK' });
    await expect(decide(inspection, { amountYuan: '25000', discretionReasons: ' ' }, later(4))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'discretionReasons'] });
    expect(await db.orm.em.fork().count(PenaltyDecision, { inspection })).toBe(0);
    const decision = await decide(inspection, { amountYuan: '25000' }, later(4));
    expect(decision).toMatchObject({ penalized: true, amountYuan: '25000.00', legalBasis: '《安全生产法》第九十九条第二项' });
    expect(decision.factReasons && decision.legalReasons && decision.discretionReasons).toBeTruthy();
    await expect(procedure().answerStatement(regulator, { noticeId: n.id, adopted: false, reason: '改' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('the hearing', () => {
  it('is required when the enterprise asks for it where the amount qualifies: a decision skipping it is refused', async () => {
    const inspection = await inProgress(34);
    const n = await notice(inspection, { amountYuan: '50000' });
    expect(n).toMatchObject({ hearingRight: true, hearingRequestDeadline: '2025-03-08' });
    const asked = await api.run(`mutation($id: ID!) { requestPenaltyHearing(noticeId: $id) { hearingRequestedAt } }`, { id: n.id }, enterpriseViewer(creditCode(34)));
    expect(asked.errors).toBeUndefined();
    // Straight away, and with every period over: the hearing asked for is not held, refused.
    const skip = await api.run(
      `mutation($input: RecordPenaltyDecisionInput!) { recordPenaltyDecision(input: $input) { id } }`,
      { input: { inspectionId: inspection.id, penalized: true, amountYuan: '50000', factReasons: 'a', legalReasons: 'b', discretionReasons: 'c' } },
      regulator,
    );
    expect(codes(skip)).toEqual(['HEARING_REQUIRED']);
    await expect(decide(inspection, { amountYuan: '50000' }, later(10))).rejects.toMatchObject({ code: 'HEARING_REQUIRED' });
    await expect(procedure(later(10)).recordHearing(regulator, { noticeId: n.id, heldOn: '2025-03-20', record: 'x', adopted: false, reason: 'y' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'heldOn'] });
    await procedure(later(10)).recordHearing(regulator, { noticeId: n.id, heldOn: '2025-03-12', record: '企业称报警器为供应商缺陷', adopted: false, reason: '维护义务在企业' });
    expect(await decide(inspection, { amountYuan: '50000' }, later(10))).toMatchObject({ penalized: true, amountYuan: '50000.00' });
  });

  it('is a right for a suspension whatever the amount; a hearing not asked for in time does not hold the decision', async () => {
    const inspection = await inProgress(35);
    const n = await notice(inspection, { measures: [PenaltyMeasure.SUSPEND_OPERATIONS], amountYuan: null });
    expect(n.hearingRight).toBe(true);
    await expect(decide(inspection, { amountYuan: null }, later(4))).rejects.toMatchObject({ code: 'PENALTY_PROCEDURE_INCOMPLETE', details: { until: '2025-03-08' } });
    await expect(procedure(later(6)).requestHearing(enterpriseViewer(creditCode(35)), n.id)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await decide(inspection, { amountYuan: null }, later(6))).toMatchObject({ penalized: true, amountYuan: null });
  });
});

describe('FIRST_OFFENCE', () => {
  it('is refused for an enterprise penalised within three years, and while a finding is uncorrected; allowed after three years', async () => {
    await penalise(db.orm.em, clock, await inProgress(36)); // decided on 2025-03-09
    const twoYears = fixedClock('2027-03-01T02:00:00Z');
    const again = await inProgress(36, twoYears);
    const first = { penalized: false, noPenaltyReason: NoPenaltyReason.FIRST_OFFENCE };
    await expect(decide(again, first, twoYears)).rejects.toMatchObject({ code: 'NOT_A_FIRST_OFFENCE', field: ['input', 'noPenaltyReason'] });

    const fresh = await inProgress(37);
    const finding = await stages(db.orm.em, clock).findings.recordFinding(regulator, { inspectionId: fresh.id, description: '标识缺失', severity: HazardSeverity.GENERAL, rectificationDeadline: '2025-03-10' });
    await expect(decide(fresh, first)).rejects.toMatchObject({ code: 'NOT_A_FIRST_OFFENCE', details: { openFindings: 1 } });
    await stages(db.orm.em, clock).findings.recordRectification(enterpriseViewer(creditCode(37)), { findingId: finding.id });
    expect(await decide(fresh, first)).toMatchObject({ penalized: false, noPenaltyReason: 'FIRST_OFFENCE' });

    const past = fixedClock('2028-03-10T02:00:00Z');
    const threeYearsOn = await inProgress(36, past);
    expect(await decide(threeYearsOn, first, past)).toMatchObject({ penalized: false, noPenaltyReason: 'FIRST_OFFENCE' });
  });
});
