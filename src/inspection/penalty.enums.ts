import { registerEnumType } from 'type-graphql';

/** The circumstance band of a violation in the discretion benchmark (裁量基准). */
export enum DiscretionBand {
  /** 较轻 */
  MINOR = 'MINOR',
  /** 一般 */
  GENERAL = 'GENERAL',
  /** 较重 */
  SERIOUS = 'SERIOUS',
}
registerEnumType(DiscretionBand, { name: 'DiscretionBand', description: 'Circumstance band of the discretion benchmark: 较轻, 一般, 较重' });

/** What a penalty imposes (《行政处罚法》 art. 9, those used here). */
export enum PenaltyMeasure {
  WARNING = 'WARNING',
  FINE = 'FINE',
  /** 责令停产停业 */
  SUSPEND_OPERATIONS = 'SUSPEND_OPERATIONS',
  /** 吊销许可证 */
  REVOKE_LICENCE = 'REVOKE_LICENCE',
}
registerEnumType(PenaltyMeasure, { name: 'PenaltyMeasure' });

/**
 * A fine from this amount on is a 较大数额罚款 and gives the enterprise the
 * right to a hearing (《行政处罚法》 art. 63); the bureau's threshold for a
 * legal person.
 */
export const HEARING_THRESHOLD_YUAN = 50_000;
/** Measures that give the right to a hearing whatever the amount (art. 63). */
export const HEARING_MEASURES: readonly PenaltyMeasure[] = [PenaltyMeasure.SUSPEND_OPERATIONS, PenaltyMeasure.REVOKE_LICENCE];
/** Days after the notice for the statement and defence (陈述申辩). */
export const STATEMENT_DAYS = 3;
/** Days after the notice to ask for a hearing (art. 64: 五日内). */
export const HEARING_REQUEST_DAYS = 5;
/** A FIRST_OFFENCE is one with no penalty in this many years before. */
export const FIRST_OFFENCE_YEARS = 3;
/** A penalty is public for a year from its decision, unless repaired earlier (一般失信信息 publicity: 3 months to 1 year). */
export const PENALTY_PUBLICITY_YEARS = 1;

export enum CreditRepairStatus {
  APPLIED = 'APPLIED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(CreditRepairStatus, { name: 'CreditRepairStatus' });
