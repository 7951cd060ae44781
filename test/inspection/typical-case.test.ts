/** Typical cases (典型案例): from a closed inspection, reported once, exported as CSV. */
import { InspectionStatus, NoPenaltyReason } from '../../src/inspection/inspection.enums';
import { TypicalCaseService } from '../../src/inspection/typical-case.service';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, stages, startAndRecord, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();
const service = () => new TypicalCaseService(db.orm.em.fork(), clock);

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 111, { name: '上海"某"化工, 有限公司' });
  await registerEnterprise(db.orm.em, 112);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('typical cases', () => {
  it('are written up only from a closed inspection, once; reported once; exported as CSV with quoting', async () => {
    const s = stages(db.orm.em, clock);
    const inspection = await schedule(db.orm.em, clock, creditCode(111), { scheduledDate: '2025-03-03' });
    const input = { inspectionId: inspection.id, title: '=某化工企业未落实双人保管', summary: '检查发现剧毒品单人保管，当场改正', significance: '首违不罚，说理式执法' };
    await expect(service().record(regulator, input)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await startAndRecord(db.orm.em, clock, inspection);
    await s.inspections.completeInspection(regulator, inspection.id);
    await s.penalties.recordPenaltyDecision(regulator, { inspectionId: inspection.id, penalized: false, noPenaltyReason: NoPenaltyReason.FIRST_OFFENCE });
    expect((await s.inspections.closeInspection(regulator, inspection.id)).status).toBe(InspectionStatus.CLOSED);
    await expect(service().record(enterpriseViewer(creditCode(111)), input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const typical = await service().record(regulator, input);
    await expect(service().record(regulator, input)).rejects.toMatchObject({ code: 'CONFLICT' });
    const reported = await api.run(`mutation($id: ID!) { reportTypicalCase(id: $id) { reportedAt } }`, { id: typical.id }, regulator);
    expect(reported.errors).toBeUndefined();
    expect(codes(await api.run(`mutation($id: ID!) { reportTypicalCase(id: $id) { reportedAt } }`, { id: typical.id }, regulator))).toEqual(['CONFLICT']);

    const csv = (await api.run(`query { typicalCasesCsv(year: 2025) }`, {}, regulator)).data!.typicalCasesCsv as string;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('case_id,title,enterprise,credit_code,inspection_code,inspection_type,closed_on,penalized,legal_basis,amount_yuan,no_penalty_reason,summary,significance,reported_on');
    expect(lines[1]).toBe(`${typical.id},'=某化工企业未落实双人保管,"上海""某""化工, 有限公司",${creditCode(111)},${inspection.code},EVENT_TRIGGERED,2025-03-03,false,,,FIRST_OFFENCE,检查发现剧毒品单人保管，当场改正,首违不罚，说理式执法,2025-03-03`);
    expect((await api.run(`query { typicalCasesCsv(year: 2024) }`, {}, regulator)).data!.typicalCasesCsv.trimEnd().split('\r\n')).toHaveLength(1);
    expect(codes(await api.run(`query { typicalCasesCsv(year: 2025) }`, {}, enterpriseViewer(creditCode(111))))).toEqual(['FORBIDDEN']);
  });
});
