/**
 * Drafting an annual plan from the risk grades: pure. Which inspection (if
 * any) the plan gives an enterprise, in which order, on which dates. The
 * database half is PlanDraftingService.draftPlan; docs/inspection.md
 * ("Drafting a plan") is the prose of these rules.
 */
import { isWorkingDay } from '../licensing/working-days';
import { TREATMENT } from '../supervision/risk-score';
import { RiskGrade, SupervisionTreatment } from '../supervision/supervision.enums';
import { InspectionType, PlanDraftOutcome } from './inspection.enums';

/** The latest grading of an enterprise, as the plan reads it. */
export interface GradeView {
  grade: RiskGrade;
  score: number;
  treatment: SupervisionTreatment;
  groupExempt: boolean;
  /** Shanghai date of the grading. */
  gradedOn: string;
}

export interface DraftCandidate {
  keyUnit: boolean;
  /** null: never graded. */
  grade: GradeView | null;
  /** For a group-exempt grade: whether the group's undertaking is still in force now (revoked since the grading: no exemption). */
  groupUndertakingInForce: boolean;
}

/** What the treatment asks of the plan: an inspection type, or an outcome without one; and why. */
export type DraftIntent = { type: InspectionType; reason: string } | { type: null; outcome: PlanDraftOutcome; reason: string };

/** The inspection each treatment asks for. */
export const TREATMENT_INSPECTION: Record<SupervisionTreatment, InspectionType | null> = {
  [SupervisionTreatment.FULL_CHECKUP]: InspectionType.FULL_CHECKUP,
  [SupervisionTreatment.KEY_SPOT_CHECK]: InspectionType.KEY_SPOT_CHECK,
  [SupervisionTreatment.PROACTIVE_HELP]: InspectionType.HELP_VISIT,
  [SupervisionTreatment.NO_DISTURBANCE]: null,
};

const TREATMENT_NAME: Record<SupervisionTreatment, string> = {
  [SupervisionTreatment.FULL_CHECKUP]: 'full check-up (全面体检)',
  [SupervisionTreatment.KEY_SPOT_CHECK]: 'key spot check (重点抽查)',
  [SupervisionTreatment.PROACTIVE_HELP]: 'help visit (主动帮扶)',
  [SupervisionTreatment.NO_DISTURBANCE]: 'no disturbance (无事不扰)',
};

function gradeText(g: GradeView): string {
  return `grade ${g.grade} (${g.score} points, graded ${g.gradedOn})`;
}

/**
 * The treatment the plan applies: the latest grading's, except that a group
 * exemption whose undertaking has been revoked since no longer holds (the
 * grade's own treatment applies until the next grading).
 */
export function effectiveTreatment(g: GradeView, groupUndertakingInForce: boolean): { treatment: SupervisionTreatment; groupExempt: boolean; revoked: boolean } {
  if (g.groupExempt && !groupUndertakingInForce) return { treatment: TREATMENT[g.grade], groupExempt: false, revoked: true };
  return { treatment: g.treatment, groupExempt: g.groupExempt, revoked: false };
}

/**
 * One planned inspection per enterprise and plan: a key unit gets its KEY_UNIT
 * inspection whatever its grade (the grade's treatment says how deep it goes);
 * otherwise A a FULL_CHECKUP, B a KEY_SPOT_CHECK, C a HELP_VISIT, D nothing;
 * a self-supervising group's subsidiary graded B or C (not a key unit) nothing.
 */
export function draftIntent(c: DraftCandidate): DraftIntent {
  const g = c.grade;
  if (c.keyUnit) {
    if (!g) return { type: InspectionType.KEY_UNIT, reason: 'Key unit (重点监管单位): inspected every year; not yet graded' };
    const { treatment } = effectiveTreatment(g, c.groupUndertakingInForce);
    return { type: InspectionType.KEY_UNIT, reason: `Key unit (重点监管单位): inspected every year; ${gradeText(g)}, carried out as a ${TREATMENT_NAME[treatment]}` };
  }
  if (!g) return { type: null, outcome: PlanDraftOutcome.NOT_GRADED, reason: 'Never graded and not a key unit: no treatment to apply' };
  const { treatment, groupExempt, revoked } = effectiveTreatment(g, c.groupUndertakingInForce);
  if (groupExempt) {
    return {
      type: null,
      outcome: PlanDraftOutcome.GROUP_EXEMPT,
      reason: `${gradeText(g)}: its group self-supervises it (集团自查自改), so no ${TREATMENT_NAME[TREATMENT[g.grade]]}`,
    };
  }
  const type = TREATMENT_INSPECTION[treatment];
  const revokedNote = revoked ? '; its group’s self-supervision was revoked after the grading, so the exemption no longer holds' : '';
  if (!type) return { type: null, outcome: PlanDraftOutcome.NO_DISTURBANCE, reason: `${gradeText(g)}: ${TREATMENT_NAME[treatment]}` };
  return { type, reason: `${gradeText(g)}: ${TREATMENT_NAME[treatment]}${revokedNote}` };
}

const GRADE_RANK: Record<RiskGrade, number> = { [RiskGrade.A]: 0, [RiskGrade.B]: 1, [RiskGrade.C]: 2, [RiskGrade.D]: 3 };

/** Visiting order: highest risk first (A … D, then never graded), key units before others of a grade, then by id. */
export function draftOrder(a: { id: string; keyUnit: boolean; grade: RiskGrade | null }, b: { id: string; keyUnit: boolean; grade: RiskGrade | null }): number {
  const rank = (g: RiskGrade | null) => (g ? GRADE_RANK[g] : 4);
  return rank(a.grade) - rank(b.grade) || Number(b.keyUnit) - Number(a.keyUnit) || (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);
}

/** The day of the month the monthly publication announces next month's targets (its default cron). */
export const PUBLICATION_DAY = 25;

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * The dates a draft may use: from the first month whose targets can still be
 * announced in advance — next month before the 25th (the monthly
 * publication), the month after from the 25th on — or 1 January if later,
 * to 31 December. Null when none of the year is left.
 */
export function draftWindow(today: string, year: number): { from: string; to: string } | null {
  const month = today.slice(0, 7);
  const first = `${addMonths(month, Number(today.slice(8, 10)) < PUBLICATION_DAY ? 1 : 2)}-01`;
  const from = first > `${year}-01-01` ? first : `${year}-01-01`;
  const to = `${year}-12-31`;
  return from <= to ? { from, to } : null;
}

/**
 * The working days in [from, to] (YYYY-MM-DD): Monday to Friday, except the
 * bureau's calendar exceptions (a holiday on a weekday: false; a make-up
 * working weekend day, 调休: true), the calendar processing times count with.
 */
export function workingDays(from: string, to: string, exceptions: ReadonlyMap<string, boolean> = new Map()): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (isWorkingDay(day, exceptions)) days.push(day);
  }
  return days;
}

/** `count` dates spread evenly over the working days of [from, to], in order: the i-th is working day ⌊i·n/count⌋. */
export function spreadDates(count: number, from: string, to: string, exceptions: ReadonlyMap<string, boolean> = new Map()): string[] {
  const days = workingDays(from, to, exceptions);
  if (days.length === 0) return [];
  return Array.from({ length: count }, (_, i) => days[Math.floor((i * days.length) / count)]);
}
