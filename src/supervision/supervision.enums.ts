import { registerEnumType } from 'type-graphql';

export enum JobRunStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  /** Another instance held the job's lock; recorded only for MANUAL and CLI starts. */
  SKIPPED = 'SKIPPED',
}

export enum JobTrigger {
  CRON = 'CRON',
  MANUAL = 'MANUAL',
  CLI = 'CLI',
}

export enum NotificationAudience {
  /** One enterprise: it reads its own. */
  ENTERPRISE = 'ENTERPRISE',
  /** The bureau: every regulator reads it. */
  REGULATORS = 'REGULATORS',
}

export enum NotificationKind {
  LICENCE_EXPIRY_REMINDER = 'LICENCE_EXPIRY_REMINDER',
  CERTIFICATE_REVIEW_REMINDER = 'CERTIFICATE_REVIEW_REMINDER',
  RISK_GRADE_CHANGED = 'RISK_GRADE_CHANGED',
  SUPERVISION_PROPOSED = 'SUPERVISION_PROPOSED',
  LEDGER_CHAIN_BROKEN = 'LEDGER_CHAIN_BROKEN',
  INSPECTION_TARGETS_PUBLISHED = 'INSPECTION_TARGETS_PUBLISHED',
  MAJOR_HAZARD_IDENTIFIED = 'MAJOR_HAZARD_IDENTIFIED',
  MAJOR_HAZARD_CLEARED = 'MAJOR_HAZARD_CLEARED',
  /** An assistance request (协查单) past its due date, unanswered. */
  ASSISTANCE_OVERDUE = 'ASSISTANCE_OVERDUE',
  /** A witness holds a checkpoint signed by the log that the log's tree no longer extends: history was rewritten. */
  LOG_INCONSISTENT = 'LOG_INCONSISTENT',
  /** A witness has not cosigned the log's newer checkpoints for longer than LOG_WITNESS_STALE_SECONDS. */
  LOG_WITNESS_STALE = 'LOG_WITNESS_STALE',
}

export enum NotificationSeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
  /** Needs a regulator now: a broken ledger chain. */
  CRITICAL = 'CRITICAL',
}

export enum DeliveryStatus {
  /** Waiting for (another) webhook attempt, or for WEBHOOK_URL to be set. */
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  /** Every attempt failed; kept for the record, never retried. */
  FAILED = 'FAILED',
}

/** 特种作业操作证: the operation categories of the certificates a hazchem enterprise's staff hold. */
export enum SpecialOperationType {
  ELECTRICAL = 'ELECTRICAL',
  WELDING_AND_CUTTING = 'WELDING_AND_CUTTING',
  WORK_AT_HEIGHT = 'WORK_AT_HEIGHT',
  REFRIGERATION = 'REFRIGERATION',
  HAZCHEM_PROCESS = 'HAZCHEM_PROCESS',
  HAZCHEM_SAFETY = 'HAZCHEM_SAFETY',
  FIREWORKS = 'FIREWORKS',
  OTHER = 'OTHER',
}

/** 生产安全事故等级 (State Council Order 493). */
export enum AccidentSeverity {
  /** 一般事故 */
  ORDINARY = 'ORDINARY',
  /** 较大事故 */
  LARGER = 'LARGER',
  /** 重大事故 */
  MAJOR = 'MAJOR',
  /** 特别重大事故 */
  EXTRAORDINARY = 'EXTRAORDINARY',
}

export enum ComplaintStatus {
  OPEN = 'OPEN',
  /** A supervision proposal was raised from it. */
  PROPOSED = 'PROPOSED',
  CLOSED = 'CLOSED',
}

/** 积分制 grades: A the highest risk, D the lowest. */
export enum RiskGrade {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}

/** What a grade means for the next plan. */
export enum SupervisionTreatment {
  /** A: 全面体检 */
  FULL_CHECKUP = 'FULL_CHECKUP',
  /** B: 重点抽查 */
  KEY_SPOT_CHECK = 'KEY_SPOT_CHECK',
  /** C: 主动帮扶 */
  PROACTIVE_HELP = 'PROACTIVE_HELP',
  /** D: 无事不扰 */
  NO_DISTURBANCE = 'NO_DISTURBANCE',
}

export enum ProposalKind {
  ALERT_TRIGGERED = 'ALERT_TRIGGERED',
  EVENT_TRIGGERED = 'EVENT_TRIGGERED',
}

export enum ProposalReason {
  /** Licensed, holding stock, no movement filed for N days. */
  OVERDUE_FILING = 'OVERDUE_FILING',
  LICENCE_EXPIRED_WITH_STOCK = 'LICENCE_EXPIRED_WITH_STOCK',
  OPEN_LEDGER_ALERT = 'OPEN_LEDGER_ALERT',
  COMPLAINT = 'COMPLAINT',
  /** A monitoring platform's alarm (intake_signal). */
  MONITORING_ALARM = 'MONITORING_ALARM',
  /** Found on patrol (intake_signal). */
  PATROL_FINDING = 'PATROL_FINDING',
  /** Referred by another department or level (intake_signal). */
  REFERRAL = 'REFERRAL',
}

export enum ProposalStatus {
  /** A PLANNED triggered inspection carries it (new, or one already open for the enterprise). */
  PROPOSED = 'PROPOSED',
  /** The enterprise's yearly inspection cap is reached: kept for the record, no inspection. */
  CAPPED = 'CAPPED',
  /** The inspection domain refused it for another reason (closed enterprise …): see detail. */
  REFUSED = 'REFUSED',
}

registerEnumType(JobRunStatus, { name: 'JobRunStatus' });
registerEnumType(JobTrigger, { name: 'JobTrigger', description: 'Who started a job run: the schedule, a regulator, the command line' });
registerEnumType(NotificationAudience, { name: 'NotificationAudience' });
registerEnumType(NotificationKind, { name: 'NotificationKind' });
registerEnumType(NotificationSeverity, { name: 'NotificationSeverity' });
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus', description: 'Webhook delivery of a notification' });
registerEnumType(SpecialOperationType, { name: 'SpecialOperationType', description: '特种作业 category' });
registerEnumType(AccidentSeverity, { name: 'AccidentSeverity', description: '事故等级' });
registerEnumType(ComplaintStatus, { name: 'ComplaintStatus' });
registerEnumType(RiskGrade, { name: 'RiskGrade', description: '积分制 grade: A highest risk … D lowest' });
registerEnumType(SupervisionTreatment, { name: 'SupervisionTreatment' });
registerEnumType(ProposalKind, { name: 'ProposalKind' });
registerEnumType(ProposalReason, { name: 'ProposalReason' });
registerEnumType(ProposalStatus, { name: 'ProposalStatus' });
