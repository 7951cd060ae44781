/** The monthly analysis of evaluations (docs/inspection.md, "The inspection code"): overall, by type, by officer, comments. */

import { InspectionType } from '../../src/inspection/inspection.enums';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { schedule, stages, startAndRecord, testClock } from '../support/inspection-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = testClock();
const ANALYSIS = `query($m: String!) { evaluationAnalysis(month: $m) { month overall { count averageRating lowRatings } byType { key count averageRating } byInspector { key count averageRating lowRatings } comments { rating comment inspectionCode } } }`;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  const cases: [number, number, string | null, Record<string, unknown>][] = [
    [91, 5, null, {}],
    [92, 2, '检查人员未出示执法证件', { inspectors: ['张伟 31010010001', '王芳 31010010003'] }],
    [93, 4, '指导细致', { type: InspectionType.JOINT, departments: ['FIRE_RESCUE'] }],
  ];
  for (const [n, rating, comment, over] of cases) {
    await registerEnterprise(db.orm.em, n);
    const inspection = await schedule(db.orm.em, clock, creditCode(n), { scheduledDate: '2025-03-03', ...over });
    await startAndRecord(db.orm.em, clock, inspection);
    await stages(db.orm.em, clock).inspections.completeInspection(regulator, inspection.id);
    await stages(db.orm.em, clock).evaluations.evaluateInspection(enterpriseViewer(creditCode(n)), { code: inspection.code, rating, comment });
  }
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('monthly evaluation analysis', () => {
  it('gives the average rating and low ratings overall, by type and by officer, with the comments lowest first', async () => {
    const result = await api.run(ANALYSIS, { m: '2025-03' }, regulator);
    expect(result.errors).toBeUndefined();
    const a = result.data!.evaluationAnalysis;
    expect(a.overall).toEqual({ count: 3, averageRating: 3.67, lowRatings: 1 });
    expect(a.byType).toEqual([
      { key: 'EVENT_TRIGGERED', count: 2, averageRating: 3.5 },
      { key: 'JOINT', count: 1, averageRating: 4 },
    ]);
    expect(a.byInspector).toEqual([
      { key: '王芳 31010010003', count: 1, averageRating: 2, lowRatings: 1 },
      { key: '张伟 31010010001', count: 3, averageRating: 3.67, lowRatings: 1 },
      { key: '李娜 31010010002', count: 2, averageRating: 4.5, lowRatings: 0 },
    ]);
    expect(a.comments.map((c: { rating: number; comment: string }) => [c.rating, c.comment])).toEqual([
      [2, '检查人员未出示执法证件'],
      [4, '指导细致'],
    ]);
  });

  it('is empty for a month without evaluations; regulators only; a month is YYYY-MM', async () => {
    expect((await api.run(ANALYSIS, { m: '2025-04' }, regulator)).data!.evaluationAnalysis.overall).toEqual({ count: 0, averageRating: 0, lowRatings: 0 });
    expect(codes(await api.run(ANALYSIS, { m: '2025-03' }, enterpriseViewer(creditCode(91))))).toEqual(['FORBIDDEN']);
    const bad = await api.run(ANALYSIS, { m: '2025-13' }, regulator);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});
