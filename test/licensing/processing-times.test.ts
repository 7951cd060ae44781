import { LicenceLifecycleService } from '../../src/licensing/licence-lifecycle.service';
import { ProcessingTimesService } from '../../src/licensing/processing-times.service';
import { LicenceType } from '../../src/licensing/licensing.enums';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';
import { creditCode, enterpriseViewer, registerEnterprise, regulator } from '../support/fixtures';
import { CHLORINE } from '../support/licensing-fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-09-01T02:00:00Z');

/** Applies at `applied` and decides (issue or refuse) at `decided`, both instants. */
async function decide(type: LicenceType, applied: string, decided: string, refuse = false) {
  clock.set(applied);
  const service = () => new LicenceLifecycleService(db.orm.em.fork(), clock);
  const licence = await service().applyForLicence(regulator, {
    holder: creditCode(400),
    type,
    legalRepresentative: '赵六',
    issuingAuthority: '浦东新区应急管理局',
    scope: [{ chemicalSerial: CHLORINE }],
  });
  clock.set(decided);
  if (refuse) await service().refuseLicence(regulator, { licenceId: licence.id, reason: '不符合条件' });
  else await service().issueLicence(regulator, { licenceId: licence.id, number: `P-${licence.id}` });
}

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
  await registerEnterprise(db.orm.em, 400);
  // National Day: 1–2 October off (weekdays), Saturday 10 October worked.
  await new ProcessingTimesService(db.orm.em.fork()).setCalendarDay(regulator, { date: '2026-10-01', working: false, name: '国庆节' });
  await new ProcessingTimesService(db.orm.em.fork()).setCalendarDay(regulator, { date: '2026-10-02', working: false, name: '国庆节' });
  await new ProcessingTimesService(db.orm.em.fork()).setCalendarDay(regulator, { date: '2026-10-10', working: true, name: '国庆节调休' });
  // HAZCHEM_BUSINESS (statutory 30): 10 and 14 working days in September → average 12, reduction 0.6.
  await decide(LicenceType.HAZCHEM_BUSINESS, '2026-09-01T02:00:00Z', '2026-09-15T02:00:00Z'); // Tue → Tue: 10
  await decide(LicenceType.HAZCHEM_BUSINESS, '2026-09-04T02:00:00Z', '2026-09-24T02:00:00Z', true); // Fri → Thu: 14
  // October, across the holiday: Wed 30 Sep → Mon 12 Oct = 7 working days.
  await decide(LicenceType.HAZCHEM_BUSINESS, '2026-09-30T02:00:00Z', '2026-10-12T02:00:00Z');
  // SAFETY_PRODUCTION (statutory 45): 20 working days → reduction 0.556, short of the commitment.
  await decide(LicenceType.SAFETY_PRODUCTION, '2026-09-01T02:00:00Z', '2026-09-29T02:00:00Z');
  // Decided at 01:00 on 1 November in Shanghai (still 31 October in UTC): a November decision; Thu 29 Oct → Sun 1 Nov = 1 working day.
  await decide(LicenceType.HAZCHEM_BUSINESS, '2026-10-29T02:00:00Z', '2026-10-31T17:00:00Z');
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const REPORT = `query($from: LocalDate!, $to: LocalDate!, $type: LicenceType) {
  licensingProcessingTimes(from: $from, to: $to, type: $type) { committedReduction rows { type month decided averageWorkingDays maxWorkingDays statutoryWorkingDays averageReduction meetsCommitment } }
}`;

it('reports the average working days and reduction by type and month of decision', async () => {
  const result = await api.run(REPORT, { from: '2026-09-01', to: '2026-11-30' }, regulator);
  expect(result.errors).toBeUndefined();
  expect(result.data!.licensingProcessingTimes.committedReduction).toBe(0.6);
  expect(result.data!.licensingProcessingTimes.rows).toEqual([
    { type: 'HAZCHEM_BUSINESS', month: '2026-09', decided: 2, averageWorkingDays: 12, maxWorkingDays: 14, statutoryWorkingDays: 30, averageReduction: 0.6, meetsCommitment: true },
    { type: 'SAFETY_PRODUCTION', month: '2026-09', decided: 1, averageWorkingDays: 20, maxWorkingDays: 20, statutoryWorkingDays: 45, averageReduction: 0.556, meetsCommitment: false },
    { type: 'HAZCHEM_BUSINESS', month: '2026-10', decided: 1, averageWorkingDays: 7, maxWorkingDays: 7, statutoryWorkingDays: 30, averageReduction: 0.767, meetsCommitment: true },
    { type: 'HAZCHEM_BUSINESS', month: '2026-11', decided: 1, averageWorkingDays: 1, maxWorkingDays: 1, statutoryWorkingDays: 30, averageReduction: 0.967, meetsCommitment: true },
  ]);
});

it('filters by type and by the range of decision dates', async () => {
  const only = await api.run(REPORT, { from: '2026-09-01', to: '2026-09-30', type: 'SAFETY_PRODUCTION' }, regulator);
  expect(only.data!.licensingProcessingTimes.rows.map((r: any) => [r.type, r.month])).toEqual([['SAFETY_PRODUCTION', '2026-09']]);
  const october = await api.run(REPORT, { from: '2026-10-01', to: '2026-10-31' }, regulator);
  expect(october.data!.licensingProcessingTimes.rows.map((r: any) => r.month)).toEqual(['2026-10']);
});

it('refuses bad ranges and non-regulators', async () => {
  const backwards = await api.run(REPORT, { from: '2026-10-01', to: '2026-09-01' }, regulator);
  expect(backwards.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  const tooLong = await api.run(REPORT, { from: '2020-01-01', to: '2026-01-01' }, regulator);
  expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
  expect(codes(await api.run(REPORT, { from: '2026-09-01', to: '2026-09-30' }, enterpriseViewer(creditCode(400))))).toEqual(['FORBIDDEN']);
  const day = await api.run(`mutation { setCalendarDay(input: { date: "2026-10-03", working: false, name: "x" }) { date } }`, {}, enterpriseViewer(creditCode(400)));
  expect(codes(day)).toEqual(['FORBIDDEN']);
});
