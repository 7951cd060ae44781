import { registerEnumType } from 'type-graphql';

export enum InspectionType {
  /** 重点监管单位全覆盖: each key unit once a year. */
  KEY_UNIT = 'KEY_UNIT',
  /** 重点抽查 */
  KEY_SPOT_CHECK = 'KEY_SPOT_CHECK',
  /** 双随机、一公开: randomly drawn enterprise and inspectors. */
  GENERAL_RANDOM = 'GENERAL_RANDOM',
  /** Raised by a ledger or licence alert. */
  ALERT_TRIGGERED = 'ALERT_TRIGGERED',
  /** Raised by a complaint, report (举报) or referral (转办). */
  EVENT_TRIGGERED = 'EVENT_TRIGGERED',
  /** A higher level's spot check of a lower level's enterprise. */
  SUPERVISORY = 'SUPERVISORY',
  /** 联合检查 with other departments. */
  JOINT = 'JOINT',
  /** 全面体检: the whole of an enterprise's safety management, the treatment of risk grade A. */
  FULL_CHECKUP = 'FULL_CHECKUP',
  /** 主动帮扶: a help visit, the treatment of risk grade C; an inspection like the others (lifecycle, cap). */
  HELP_VISIT = 'HELP_VISIT',
}

/** Types that belong to an annual enforcement plan. */
export const PLANNED_TYPES: readonly InspectionType[] = [
  InspectionType.KEY_UNIT,
  InspectionType.KEY_SPOT_CHECK,
  InspectionType.GENERAL_RANDOM,
  InspectionType.FULL_CHECKUP,
  InspectionType.HELP_VISIT,
];
/** Types raised by something that happened; they name what in `trigger`. */
export const TRIGGERED_TYPES: readonly InspectionType[] = [InspectionType.ALERT_TRIGGERED, InspectionType.EVENT_TRIGGERED];

export enum InspectionStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  /** Every finding re-checked as rectified and the penalty decision recorded. */
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

export enum PlanStatus {
  DRAFT = 'DRAFT',
  APPROVED = 'APPROVED',
  /** 公示: public. */
  PUBLISHED = 'PUBLISHED',
}

export enum ChecklistResult {
  COMPLIANT = 'COMPLIANT',
  NON_COMPLIANT = 'NON_COMPLIANT',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

export enum HazardSeverity {
  /** 一般事故隐患 */
  GENERAL = 'GENERAL',
  /** 重大事故隐患 */
  MAJOR = 'MAJOR',
}

export enum FindingStatus {
  /** Awaiting rectification (or rectification failed its re-check). */
  OPEN = 'OPEN',
  /** Reported rectified; awaiting re-check (复查). */
  RECTIFIED = 'RECTIFIED',
  /** Re-checked and found rectified. */
  VERIFIED = 'VERIFIED',
}

/** Why no penalty was imposed (《行政处罚法》 art. 33). */
export enum NoPenaltyReason {
  /** 违法行为轻微并及时改正，没有造成危害后果 */
  MINOR = 'MINOR',
  /** 初次违法且危害后果轻微并及时改正 */
  FIRST_OFFENCE = 'FIRST_OFFENCE',
  /** 没有主观过错 */
  NO_FAULT = 'NO_FAULT',
}

/** What drafting a plan did for one enterprise of the plan's level. */
export enum PlanDraftOutcome {
  /** An inspection was added to the plan. */
  DRAFTED = 'DRAFTED',
  /** The plan already holds a (not cancelled) inspection of the enterprise: nothing added. */
  ALREADY_IN_PLAN = 'ALREADY_IN_PLAN',
  /** A key unit whose KEY_UNIT inspection this year is already scheduled or done (another plan). */
  KEY_UNIT_COVERED = 'KEY_UNIT_COVERED',
  /** The treatment called for an inspection, but the enterprise is at the yearly cap. */
  CAPPED = 'CAPPED',
  /** Grade B or C, not a key unit, its group self-supervises it: no spot check, no help visit. */
  GROUP_EXEMPT = 'GROUP_EXEMPT',
  /** Grade D, not a key unit: 无事不扰. */
  NO_DISTURBANCE = 'NO_DISTURBANCE',
  /** Not a key unit and never graded: nothing to apply (run risk-grading). */
  NOT_GRADED = 'NOT_GRADED',
  /** The scheduling rules refused the inspection for another reason: see the reason. */
  REFUSED = 'REFUSED',
}

registerEnumType(InspectionType, {
  name: 'InspectionType',
  valuesConfig: {
    FULL_CHECKUP: { description: '全面体检: risk grade A' },
    HELP_VISIT: { description: '主动帮扶: risk grade C' },
  },
});
registerEnumType(PlanDraftOutcome, { name: 'PlanDraftOutcome', description: 'What drafting a plan did for one enterprise' });
registerEnumType(InspectionStatus, { name: 'InspectionStatus' });
registerEnumType(PlanStatus, { name: 'PlanStatus', description: 'Enforcement plan: DRAFT → APPROVED → PUBLISHED (公示)' });
registerEnumType(ChecklistResult, { name: 'ChecklistResult' });
registerEnumType(HazardSeverity, { name: 'HazardSeverity', description: 'GENERAL 一般隐患 or MAJOR 重大隐患' });
registerEnumType(FindingStatus, { name: 'FindingStatus' });
registerEnumType(NoPenaltyReason, { name: 'NoPenaltyReason' });

/** At most this many checklist items per inspection: the public view shows them unpaged. */
export const MAX_CHECKLIST_ITEMS = 100;
/** Non-cancelled inspections of one enterprise in one calendar year. */
export const YEARLY_INSPECTION_CAP = 2;
