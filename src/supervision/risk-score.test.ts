import { RiskFacts, scoreRisk, treatmentOf } from './risk-score';
import { AccidentSeverity, RiskGrade, SupervisionTreatment } from './supervision.enums';

const none: RiskFacts = { today: '2026-12-01', accidents: [], penalties: [], findings: [], alerts: [] };
const finding = (severity: 'GENERAL' | 'MAJOR', originalDeadline: string, rectifiedOn: string | null, failedRechecks = 0) => ({ severity, originalDeadline, rectifiedOn, failedRechecks });

describe('scoreRisk', () => {
  it.each<[string, Partial<RiskFacts>, number, RiskGrade]>([
    ['a clean record', {}, 0, RiskGrade.D],
    ['one general hazard rectified on time', { findings: [finding('GENERAL', '2026-06-01', '2026-05-20')] }, 2, RiskGrade.D],
    ['one general hazard rectified late', { findings: [finding('GENERAL', '2026-06-01', '2026-06-10')] }, 5, RiskGrade.D],
    ['a major hazard open past its deadline', { findings: [finding('MAJOR', '2026-11-01', null)] }, 25, RiskGrade.C],
    ['a major hazard not yet due', { findings: [finding('MAJOR', '2026-12-20', null)] }, 15, RiskGrade.C],
    ['failed re-checks count', { findings: [finding('GENERAL', '2026-06-01', '2026-05-01', 2)] }, 6, RiskGrade.D],
    ['an ordinary accident with no death', { accidents: [{ severity: AccidentSeverity.ORDINARY, deaths: 0, injuries: 2 }] }, 20, RiskGrade.C],
    ['a larger accident with 3 deaths', { accidents: [{ severity: AccidentSeverity.LARGER, deaths: 3, injuries: 0 }] }, 55, RiskGrade.B],
    ['a penalty and a large fine', { penalties: [{ amountYuan: '20000.00' }, { amountYuan: '150000.00' }] }, 25, RiskGrade.C],
    ['alerts, one stale', { alerts: [{ open: false, raisedOn: '2026-01-01' }, { open: true, raisedOn: '2026-10-01' }, { open: true, raisedOn: '2026-11-25' }] }, 11, RiskGrade.C],
    ['B from 30', { penalties: [{ amountYuan: null }, { amountYuan: null }, { amountYuan: null }] }, 30, RiskGrade.B],
    ['A from 60', { accidents: [{ severity: AccidentSeverity.MAJOR, deaths: 0, injuries: 0 }] }, 60, RiskGrade.A],
    ['just under A', { accidents: [{ severity: AccidentSeverity.LARGER, deaths: 3, injuries: 0 }], alerts: [{ open: false, raisedOn: '2026-01-01' }] }, 58, RiskGrade.B],
  ])('%s', (_name, facts, score, grade) => {
    const result = scoreRisk({ ...none, ...facts });
    expect(result.score).toBe(score);
    expect(result.grade).toBe(grade);
    expect(result.reasons.reduce((s, r) => s + r.points, 0)).toBe(score);
  });

  it('names every reason', () => {
    const result = scoreRisk({ ...none, findings: [finding('MAJOR', '2026-06-01', '2026-06-04')] });
    expect(result.reasons).toEqual([
      { factor: 'HAZARD_FINDING', points: 15, detail: 'MAJOR hazard, deadline 2026-06-01' },
      { factor: 'LATE_RECTIFICATION', points: 10, detail: 'MAJOR hazard rectified 3 day(s) late' },
    ]);
  });
});

describe('treatmentOf', () => {
  it.each<[RiskGrade, boolean, boolean, SupervisionTreatment, boolean]>([
    [RiskGrade.A, false, false, SupervisionTreatment.FULL_CHECKUP, false],
    [RiskGrade.B, false, false, SupervisionTreatment.KEY_SPOT_CHECK, false],
    [RiskGrade.C, false, false, SupervisionTreatment.PROACTIVE_HELP, false],
    [RiskGrade.D, false, false, SupervisionTreatment.NO_DISTURBANCE, false],
    [RiskGrade.A, true, false, SupervisionTreatment.FULL_CHECKUP, false],
    [RiskGrade.B, true, false, SupervisionTreatment.NO_DISTURBANCE, true],
    [RiskGrade.C, true, false, SupervisionTreatment.NO_DISTURBANCE, true],
    [RiskGrade.B, true, true, SupervisionTreatment.KEY_SPOT_CHECK, false],
    [RiskGrade.C, true, true, SupervisionTreatment.PROACTIVE_HELP, false],
  ])('%s, group self-supervised %s, key unit %s → %s', (grade, group, key, treatment, exempt) => {
    expect(treatmentOf(grade, group, key)).toEqual({ treatment, groupExempt: exempt });
  });
});
