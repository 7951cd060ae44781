import { RiskGrade, SupervisionTreatment } from '../supervision/supervision.enums';
import { InspectionType, PlanDraftOutcome } from './inspection.enums';
import { draftIntent, draftOrder, draftWindow, GradeView, spreadDates, workingDays } from './plan-draft-rules';

const graded = (grade: RiskGrade, treatment: SupervisionTreatment, groupExempt = false): GradeView => ({ grade, score: 42, treatment, groupExempt, gradedOn: '2026-11-01' });
const A = graded(RiskGrade.A, SupervisionTreatment.FULL_CHECKUP);
const B = graded(RiskGrade.B, SupervisionTreatment.KEY_SPOT_CHECK);
const C = graded(RiskGrade.C, SupervisionTreatment.PROACTIVE_HELP);
const D = graded(RiskGrade.D, SupervisionTreatment.NO_DISTURBANCE);
const B_EXEMPT = graded(RiskGrade.B, SupervisionTreatment.NO_DISTURBANCE, true);
const C_EXEMPT = graded(RiskGrade.C, SupervisionTreatment.NO_DISTURBANCE, true);

describe('draftIntent: the inspection a treatment asks of the plan', () => {
  const intent = (keyUnit: boolean, grade: GradeView | null, groupUndertakingInForce = true) => {
    const i = draftIntent({ keyUnit, grade, groupUndertakingInForce });
    return i.type ?? i.outcome;
  };

  it.each([
    ['key unit, A', InspectionType.KEY_UNIT, true, A],
    ['key unit, D', InspectionType.KEY_UNIT, true, D],
    ['key unit, never graded', InspectionType.KEY_UNIT, true, null],
    ['A', InspectionType.FULL_CHECKUP, false, A],
    ['B', InspectionType.KEY_SPOT_CHECK, false, B],
    ['C', InspectionType.HELP_VISIT, false, C],
    ['D', PlanDraftOutcome.NO_DISTURBANCE, false, D],
    ['B, group-exempt', PlanDraftOutcome.GROUP_EXEMPT, false, B_EXEMPT],
    ['C, group-exempt', PlanDraftOutcome.GROUP_EXEMPT, false, C_EXEMPT],
    ['never graded', PlanDraftOutcome.NOT_GRADED, false, null],
  ] as const)('%s → %s', (_name, expected, keyUnit, grade) => {
    expect(intent(keyUnit, grade)).toBe(expected);
  });

  it('a group exemption revoked since the grading no longer holds: the grade’s own treatment applies', () => {
    expect(intent(false, B_EXEMPT, false)).toBe(InspectionType.KEY_SPOT_CHECK);
    expect(intent(false, C_EXEMPT, false)).toBe(InspectionType.HELP_VISIT);
    expect(draftIntent({ keyUnit: false, grade: C_EXEMPT, groupUndertakingInForce: false }).reason).toContain('revoked');
  });

  it('says why, with grade, points and the date of the grading', () => {
    expect(draftIntent({ keyUnit: true, grade: A, groupUndertakingInForce: false }).reason).toBe(
      'Key unit (重点监管单位): inspected every year; grade A (42 points, graded 2026-11-01), carried out as a full check-up (全面体检)',
    );
    expect(draftIntent({ keyUnit: false, grade: C_EXEMPT, groupUndertakingInForce: true }).reason).toContain('help visit (主动帮扶)');
  });
});

describe('dates', () => {
  it('the window starts with the first month still announceable (the 25th publishes next month) and ends with the year', () => {
    expect(draftWindow('2026-11-20', 2027)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(draftWindow('2026-12-24', 2027)).toEqual({ from: '2027-01-01', to: '2027-12-31' });
    expect(draftWindow('2026-12-25', 2027)).toEqual({ from: '2027-02-01', to: '2027-12-31' });
    expect(draftWindow('2026-03-03', 2026)).toEqual({ from: '2026-04-01', to: '2026-12-31' });
    expect(draftWindow('2026-11-20', 2026)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(draftWindow('2026-11-25', 2026)).toBeNull();
  });

  it('working days skip weekends and the calendar’s holidays, and count its make-up days', () => {
    // 2026-10-01 (Thu) and 10-02 (Fri) holidays; Sunday 2026-10-11 a make-up working day.
    const exceptions = new Map([
      ['2026-10-01', false],
      ['2026-10-02', false],
      ['2026-10-11', true],
    ]);
    expect(workingDays('2026-09-30', '2026-10-12', exceptions)).toEqual(['2026-09-30', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-11', '2026-10-12']);
  });

  it('spreads inspections evenly and deterministically over the working days', () => {
    const dates = spreadDates(4, '2027-01-01', '2027-12-31');
    expect(dates).toEqual(spreadDates(4, '2027-01-01', '2027-12-31'));
    expect(dates[0]).toBe('2027-01-01');
    expect(dates.map((d) => d.slice(5, 7))).toEqual(['01', '04', '07', '10']);
    expect([...dates].sort()).toEqual(dates);
    expect(spreadDates(0, '2027-01-01', '2027-12-31')).toEqual([]);
    // More inspections than days: days repeat, in order.
    expect(spreadDates(3, '2027-01-04', '2027-01-05')).toEqual(['2027-01-04', '2027-01-04', '2027-01-05']);
  });

  it('visits the highest risk first, key units before others of a grade, then by id', () => {
    const rows = [
      { id: '9', keyUnit: false, grade: null },
      { id: '2', keyUnit: false, grade: RiskGrade.C },
      { id: '3', keyUnit: true, grade: null },
      { id: '10', keyUnit: false, grade: RiskGrade.A },
      { id: '4', keyUnit: true, grade: RiskGrade.A },
      { id: '1', keyUnit: false, grade: RiskGrade.B },
    ];
    expect([...rows].sort(draftOrder).map((r) => r.id)).toEqual(['4', '10', '1', '2', '3', '9']);
  });
});
