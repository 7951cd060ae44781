/**
 * Credit repair (docs/inspection.md, "Credit repair"): the repair notice
 * issued with the decision, the application only once the decision is carried
 * out, the publicity ended early on approval, the credit report.
 */
import { CreditRepair } from '../../src/inspection/credit-repair.entity';
import { Inspection } from '../../src/inspection/inspection.entity';
import { CreditService } from '../../src/inspection/credit.service';
import { PenaltyDecision } from '../../src/inspection/penalty-decision.entity';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { expectPaged } from '../support/connection-paging';
import { openTestDatabase, TestDatabase } from '../support/database';
import { anonymous, creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { NOW, penalise, schedule, startAndRecord } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
/** 2025-03-25 in Shanghai: after the decisions (2025-03-09). */
const clock = fixedClock('2025-03-25T02:00:00Z');
const credit = () => new CreditService(db.orm.em.fork(), clock);
const A = creditCode(41);
const B = creditCode(42);

async function penalised(code: string, justification?: string): Promise<PenaltyDecision> {
  const at = fixedClock(NOW);
  const inspection: Inspection = await schedule(db.orm.em, at, code, { scheduledDate: '2025-03-03', justification });
  await startAndRecord(db.orm.em, at, inspection);
  return penalise(db.orm.em, at, inspection, '30000');
}

const PUBLIC_VIEW = `query($code: String!) { inspectionByCode(code: $code) { penalty { penalized amountYuan legalBasis } } }`;
async function publicPenaltyOf(decision: PenaltyDecision): Promise<unknown> {
  const { inspection } = await db.orm.em.fork().findOneOrFail(PenaltyDecision, { id: decision.id }, { populate: ['inspection'] });
  const seen = await api.run(PUBLIC_VIEW, { code: inspection.code }, anonymous);
  expect(seen.errors).toBeUndefined();
  return seen.data!.inspectionByCode.penalty;
}

const REPORT = `query($c: CreditCode!) { creditReport(creditCode: $c) { asOf grade penalties { public decision { id amountYuan publicUntil carriedOutOn } repair { status reviewReason } } } }`;

let a: PenaltyDecision;
let b: PenaltyDecision;
beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 41);
  await registerEnterprise(db.orm.em, 42);
  a = await penalised(A);
  b = await penalised(B);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('credit repair', () => {
  it('issues the repair notice with the decision (多书同达) and makes the penalty public for a year', async () => {
    expect(a).toMatchObject({ publicUntil: '2026-03-08', penalized: true });
    expect(a.creditRepairNotice).toContain('信用修复');
    expect(a.creditRepairNotice).toContain('2026-03-08');
    const seen = await api.run(`query($c: CreditCode!) { publicPenalties(creditCode: $c) { edges { node { id legalBasis amountYuan publicUntil creditRepairNotice } } } }`, { c: A }, anonymous);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.publicPenalties.edges.map((e: { node: unknown }) => e.node)).toEqual([{ id: a.id, legalBasis: '《安全生产法》第九十九条第二项', amountYuan: '30000.00', publicUntil: '2026-03-08', creditRepairNotice: a.creditRepairNotice }]);
  });

  it('is applied for only by the penalised enterprise, only once the decision is carried out, once', async () => {
    await expect(credit().apply(enterpriseViewer(A), a.id, '已缴纳罚款并整改')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['decisionId'] });
    await expect(credit().recordCarriedOut(regulator, a.id, '2025-03-26')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['carriedOutOn'] });
    await expect(credit().recordCarriedOut(regulator, a.id, '2025-03-01')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: ['carriedOutOn'] });
    await expect(credit().recordCarriedOut(enterpriseViewer(A), a.id, '2025-03-20')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const done = await api.run(`mutation($id: ID!) { recordPenaltyCarriedOut(decisionId: $id, carriedOutOn: "2025-03-20") { carriedOutOn } }`, { id: a.id }, regulator);
    expect(done.errors).toBeUndefined();
    await expect(credit().apply(enterpriseViewer(B), a.id, '代为申请')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const applied = await api.run(`mutation($id: ID!) { applyForCreditRepair(decisionId: $id, statement: "已缴纳罚款，报警器已更换并承诺定期检测") { id status } }`, { id: a.id }, enterpriseViewer(A));
    expect(applied.errors).toBeUndefined();
    expect(applied.data!.applyForCreditRepair.status).toBe('APPLIED');
    expect(codes(await api.run(`mutation($id: ID!) { applyForCreditRepair(decisionId: $id, statement: "again") { id } }`, { id: a.id }, enterpriseViewer(A)))).toEqual(['CONFLICT']);
  });

  it('ends the publicity early on approval; the credit report shows the penalty, its repair and the grade', async () => {
    const before = await api.run(REPORT, { c: A }, enterpriseViewer(A));
    expect(before.errors).toBeUndefined();
    expect(before.data!.creditReport).toMatchObject({ asOf: '2025-03-25', grade: null, penalties: [{ public: true, repair: { status: 'APPLIED' } }] });
    expect(codes(await api.run(REPORT, { c: A }, enterpriseViewer(B)))).toEqual(['FORBIDDEN']);
    expect(codes(await api.run(REPORT, { c: A }, anonymous))).toEqual(['UNAUTHENTICATED']);

    expect(await publicPenaltyOf(a)).toEqual({ penalized: true, amountYuan: '30000.00', legalBasis: '《安全生产法》第九十九条第二项' });
    const { id } = await db.orm.em.fork().findOneOrFail(CreditRepair, { decision: a.id });
    await expect(credit().review(enterpriseViewer(A), id, true, '自己批准')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const approved = await api.run(`mutation($id: ID!) { reviewCreditRepair(repairId: $id, approved: true, reason: "已履行并整改到位") { status reviewedAt } }`, { id }, regulator);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.reviewCreditRepair.status).toBe('APPROVED');
    expect((await api.run(`query($c: CreditCode!) { publicPenalties(creditCode: $c) { totalCount edges { node { id } } } }`, { c: A })).data!.publicPenalties).toEqual({ totalCount: 0, edges: [] });
    // The inspection's public page no longer shows the repaired penalty either.
    expect(await publicPenaltyOf(a)).toBeNull();
    const after = await api.run(REPORT, { c: A }, regulator);
    expect(after.data!.creditReport.penalties).toEqual([
      { public: false, decision: { id: a.id, amountYuan: '30000.00', publicUntil: '2025-03-24', carriedOutOn: '2025-03-20' }, repair: { status: 'APPROVED', reviewReason: '已履行并整改到位' } },
    ]);
    await expect(credit().review(regulator, id, false, '改主意')).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('keeps the penalty public when the repair is rejected', async () => {
    await credit().recordCarriedOut(regulator, b.id, '2025-03-21');
    const repair = await credit().apply(enterpriseViewer(B), b.id, '已缴纳罚款');
    await credit().review(regulator, repair.id, false, '隐患未整改到位');
    expect(await publicPenaltyOf(b)).toMatchObject({ penalized: true });
    const again = await penalised(B, '整改后复查');
    const listed = await expectPaged(api.run, { field: 'publicPenalties', node: 'id', viewer: anonymous, args: ['$c: CreditCode!', 'creditCode: $c'], variables: { c: B }, first: 1 });
    expect(listed).toEqual([{ id: b.id }, { id: again.id }]);
    const unknown = await api.run(`query($c: CreditCode!) { publicPenalties(creditCode: $c) { totalCount } }`, { c: creditCode(49) });
    expect([codes(unknown), unknown.errors![0].extensions!.field]).toEqual([['NOT_FOUND'], 'creditCode']);
  });
});
