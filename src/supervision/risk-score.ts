/**
 * 积分制 risk scoring: pure. The formula is documented in docs/supervision.md
 * ("Risk grading"); these tables are that formula. Facts come from the last
 * three years (the window is the caller's); `today` is a Shanghai date.
 */
import { AccidentSeverity, RiskGrade, SupervisionTreatment } from './supervision.enums';

export interface RiskFacts {
  today: string;
  accidents: { severity: AccidentSeverity; deaths: number; injuries: number }[];
  /** Penalty decisions that imposed a penalty. */
  penalties: { amountYuan: string | null }[];
  findings: {
    severity: 'GENERAL' | 'MAJOR';
    /** The deadline first set (YYYY-MM-DD): rectification is judged against it. */
    originalDeadline: string;
    /** When it was (last) reported rectified, as a Shanghai date; null if never. */
    rectifiedOn: string | null;
    failedRechecks: number;
  }[];
  /** Licence-check alerts of the ledger; `open` while not resolved. */
  alerts: { open: boolean; raisedOn: string }[];
}

export interface RiskReasonLine {
  factor: string;
  points: number;
  detail: string;
}

export interface RiskScore {
  score: number;
  grade: RiskGrade;
  reasons: RiskReasonLine[];
}

export const ACCIDENT_POINTS: Record<AccidentSeverity, number> = {
  [AccidentSeverity.ORDINARY]: 20,
  [AccidentSeverity.LARGER]: 40,
  [AccidentSeverity.MAJOR]: 60,
  [AccidentSeverity.EXTRAORDINARY]: 60,
};
export const POINTS_PER_DEATH = 5;
export const POINTS_PER_PENALTY = 10;
/** A fine of at least this many yuan adds LARGE_FINE_POINTS. */
export const LARGE_FINE_YUAN = 100_000;
export const LARGE_FINE_POINTS = 5;
export const FINDING_POINTS = { GENERAL: 2, MAJOR: 15 } as const;
/** Rectified after the original deadline, or still not rectified past it. */
export const LATE_POINTS = { GENERAL: 3, MAJOR: 10 } as const;
export const POINTS_PER_FAILED_RECHECK = 2;
export const POINTS_PER_ALERT = 3;
/** An alert still open this many days after it was raised adds STALE_ALERT_POINTS. */
export const STALE_ALERT_DAYS = 30;
export const STALE_ALERT_POINTS = 2;

/** Lowest score of each grade: A ≥ 60, B ≥ 30, C ≥ 10, D below. */
export const GRADE_FLOORS: readonly [RiskGrade, number][] = [
  [RiskGrade.A, 60],
  [RiskGrade.B, 30],
  [RiskGrade.C, 10],
  [RiskGrade.D, 0],
];

export const TREATMENT: Record<RiskGrade, SupervisionTreatment> = {
  [RiskGrade.A]: SupervisionTreatment.FULL_CHECKUP,
  [RiskGrade.B]: SupervisionTreatment.KEY_SPOT_CHECK,
  [RiskGrade.C]: SupervisionTreatment.PROACTIVE_HELP,
  [RiskGrade.D]: SupervisionTreatment.NO_DISTURBANCE,
};

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function gradeOf(score: number): RiskGrade {
  return GRADE_FLOORS.find(([, floor]) => score >= floor)![0];
}

export function scoreRisk(facts: RiskFacts): RiskScore {
  const reasons: RiskReasonLine[] = [];
  const add = (factor: string, points: number, detail: string) => {
    if (points > 0) reasons.push({ factor, points, detail });
  };
  for (const a of facts.accidents) {
    add('ACCIDENT', ACCIDENT_POINTS[a.severity] + POINTS_PER_DEATH * a.deaths, `${a.severity} accident, ${a.deaths} death(s), ${a.injuries} injur(ies)`);
  }
  for (const p of facts.penalties) {
    const large = p.amountYuan !== null && Number(p.amountYuan) >= LARGE_FINE_YUAN;
    add('PENALTY', POINTS_PER_PENALTY + (large ? LARGE_FINE_POINTS : 0), `penalty${p.amountYuan ? ` of ${p.amountYuan} yuan` : ''}`);
  }
  for (const f of facts.findings) {
    add('HAZARD_FINDING', FINDING_POINTS[f.severity], `${f.severity} hazard, deadline ${f.originalDeadline}`);
    if (f.rectifiedOn !== null && f.rectifiedOn > f.originalDeadline) {
      add('LATE_RECTIFICATION', LATE_POINTS[f.severity], `${f.severity} hazard rectified ${days(f.originalDeadline, f.rectifiedOn)} day(s) late`);
    } else if (f.rectifiedOn === null && facts.today > f.originalDeadline) {
      add('LATE_RECTIFICATION', LATE_POINTS[f.severity], `${f.severity} hazard still not rectified ${days(f.originalDeadline, facts.today)} day(s) after its deadline`);
    }
    add('FAILED_RECHECK', POINTS_PER_FAILED_RECHECK * f.failedRechecks, `${f.failedRechecks} re-check(s) found it not rectified`);
  }
  for (const a of facts.alerts) {
    const stale = a.open && days(a.raisedOn, facts.today) >= STALE_ALERT_DAYS;
    add('LEDGER_ALERT', POINTS_PER_ALERT + (stale ? STALE_ALERT_POINTS : 0), `ledger alert raised ${a.raisedOn}${stale ? `, open ${days(a.raisedOn, facts.today)} days` : ''}`);
  }
  const score = reasons.reduce((sum, r) => sum + r.points, 0);
  return { score, grade: gradeOf(score), reasons };
}

/**
 * The treatment of a grade. A subsidiary whose group self-supervises it (and
 * honours it) and that is not a key unit is exempt from spot checks (B) and
 * help visits (C): no disturbance. A keeps its full check-up.
 */
export function treatmentOf(grade: RiskGrade, groupSelfSupervised: boolean, keyUnit: boolean): { treatment: SupervisionTreatment; groupExempt: boolean } {
  const exempt = groupSelfSupervised && !keyUnit && (grade === RiskGrade.B || grade === RiskGrade.C);
  return { treatment: exempt ? SupervisionTreatment.NO_DISTURBANCE : TREATMENT[grade], groupExempt: exempt };
}
