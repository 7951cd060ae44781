import type { InspectionCodeProblem } from '../proof/inspection-code';
import { CommonCode, DomainError, FieldPath, inputField } from '../shared/domain-error';

/** The inspection domain's own codes, beside BAD_USER_INPUT, NOT_FOUND, CONFLICT and FORBIDDEN. */
export enum InspectionCode {
  /** A third inspection of one enterprise in one calendar year. */
  INSPECTION_CAP_REACHED = 'INSPECTION_CAP_REACHED',
  /** A second inspection in a year without a recorded justification. */
  JUSTIFICATION_REQUIRED = 'JUSTIFICATION_REQUIRED',
  /** The enforcing level is not the enterprise's (or, for SUPERVISORY, not above it). */
  WRONG_ENFORCEMENT_LEVEL = 'WRONG_ENFORCEMENT_LEVEL',
  /** A status change the lifecycle does not allow from the current status. */
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  /** A second KEY_UNIT inspection of a key unit in a year. */
  KEY_UNIT_ALREADY_COVERED = 'KEY_UNIT_ALREADY_COVERED',
  /** The plan is no longer a draft: its inspections are fixed. */
  PLAN_NOT_EDITABLE = 'PLAN_NOT_EDITABLE',
  /** A planned inspection cannot start before its plan is published. */
  PLAN_NOT_PUBLISHED = 'PLAN_NOT_PUBLISHED',
  /** Completion with checklist items not yet recorded. */
  CHECKLIST_INCOMPLETE = 'CHECKLIST_INCOMPLETE',
  /** Closing with findings not re-checked as rectified, or without a penalty decision. */
  NOT_READY_TO_CLOSE = 'NOT_READY_TO_CLOSE',
  /** A fine outside the discretion benchmark's range, or factors not in its row. */
  OUTSIDE_DISCRETION_BENCHMARK = 'OUTSIDE_DISCRETION_BENCHMARK',
  /** A decision before the enterprise's rights are exhausted: no notice, a period still running, a statement not answered. */
  PENALTY_PROCEDURE_INCOMPLETE = 'PENALTY_PROCEDURE_INCOMPLETE',
  /** A decision while a hearing the enterprise asked for has not been held. */
  HEARING_REQUIRED = 'HEARING_REQUIRED',
  /** FIRST_OFFENCE claimed for an enterprise penalised in the three years before, or not yet corrected. */
  NOT_A_FIRST_OFFENCE = 'NOT_A_FIRST_OFFENCE',
  /** Completion while a third party's MANDATORY advice is neither confirmed nor dismissed. */
  THIRD_PARTY_ADVICE_PENDING = 'THIRD_PARTY_ADVICE_PENDING',
  /** Starting an inspection whose on-site plan is not approved. */
  ON_SITE_PLAN_NOT_APPROVED = 'ON_SITE_PLAN_NOT_APPROVED',
  /** A partner department's part (its tasks joined, its items and findings) in an inspection that is not JOINT. */
  NOT_A_JOINT_INSPECTION = 'NOT_A_JOINT_INSPECTION',
}

export class InspectionError extends DomainError {
  static invalid(field: FieldPath, message: string): InspectionError {
    return new InspectionError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static invalidCode(field: FieldPath, value: string, reason: InspectionCodeProblem): InspectionError {
    const why: Record<InspectionCodeProblem, string> = {
      LENGTH: 'an inspection code has 13 characters',
      CHARACTER: 'it holds a character outside the code alphabet',
      CHECK_CHARACTER: 'its check character does not match: probably mistyped',
    };
    return new InspectionError(CommonCode.BAD_USER_INPUT, `"${value}" is not a valid inspection code: ${why[reason]}`, field, { reason });
  }

  static enterpriseNotFound(creditCode: string, field: FieldPath): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, field);
  }

  static enterpriseClosed(creditCode: string, field: FieldPath): InspectionError {
    return new InspectionError(CommonCode.CONFLICT, `Enterprise ${creditCode} is closed and is not inspected`, field);
  }

  static inspectionNotFound(id: string, field: FieldPath = ['id']): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No inspection ${id}`, field);
  }

  static codeNotFound(field: FieldPath): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, 'No inspection has this code', field);
  }

  static planNotFound(id: string, field: FieldPath): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No enforcement plan ${id}`, field);
  }

  static checklistItemNotFound(id: string, field: FieldPath): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No checklist item ${id} in this inspection`, field);
  }

  static guideNotFound(id: string, field: FieldPath = ['id']): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No compliance guide ${id}`, field);
  }

  static drawNotFound(id: string, field: FieldPath = ['id']): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No random draw ${id}`, field);
  }

  static findingNotFound(id: string, field: FieldPath): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No finding ${id}`, field);
  }

  static forbidden(message: string, field?: FieldPath): InspectionError {
    return new InspectionError(CommonCode.FORBIDDEN, message, field);
  }

  static wrongLevel(field: FieldPath, enterpriseLevel: string, enforcingLevel: string, supervisory: boolean): InspectionError {
    const message = supervisory
      ? `A SUPERVISORY check of a ${enterpriseLevel} enterprise must be made by a higher level than ${enterpriseLevel}, not ${enforcingLevel}`
      : `This enterprise is inspected by the ${enterpriseLevel} level, not ${enforcingLevel}; only a SUPERVISORY check comes from a higher level`;
    return new InspectionError(InspectionCode.WRONG_ENFORCEMENT_LEVEL, message, field, { enterpriseLevel, enforcingLevel });
  }

  static capReached(creditCode: string, year: number): InspectionError {
    return new InspectionError(
      InspectionCode.INSPECTION_CAP_REACHED,
      `Enterprise ${creditCode} already has two inspections in ${year}: a third is never allowed`,
      inputField('scheduledDate'),
      { year, count: 2 },
    );
  }

  static justificationRequired(creditCode: string, year: number): InspectionError {
    return new InspectionError(
      InspectionCode.JUSTIFICATION_REQUIRED,
      `Enterprise ${creditCode} already has an inspection in ${year}: a second one needs a recorded justification`,
      inputField('justification'),
      { year, count: 1 },
    );
  }

  static keyUnitCovered(creditCode: string, year: number): InspectionError {
    return new InspectionError(
      InspectionCode.KEY_UNIT_ALREADY_COVERED,
      `Key unit ${creditCode} already has its KEY_UNIT inspection in ${year}`,
      inputField('type'),
      { year },
    );
  }

  static invalidTransition(what: string, from: string, to: string, field: FieldPath = ['id']): InspectionError {
    return new InspectionError(InspectionCode.INVALID_TRANSITION, `${what} cannot go from ${from} to ${to}`, field, { from, to });
  }

  static planNotEditable(planId: string, status: string, field: FieldPath): InspectionError {
    return new InspectionError(
      InspectionCode.PLAN_NOT_EDITABLE,
      `Plan ${planId} is ${status}: inspections are added only to a DRAFT plan (use a supplementary plan)`,
      field,
      { status },
    );
  }

  static planNotPublished(planId: string, status: string): InspectionError {
    return new InspectionError(InspectionCode.PLAN_NOT_PUBLISHED, `Plan ${planId} is ${status}: its inspections start once it is PUBLISHED`, ['id'], { status });
  }

  static checklistIncomplete(pending: number): InspectionError {
    return new InspectionError(InspectionCode.CHECKLIST_INCOMPLETE, `${pending} checklist item(s) have no recorded result`, ['id'], { pending });
  }

  static notReadyToClose(message: string, details: Record<string, unknown>): InspectionError {
    return new InspectionError(InspectionCode.NOT_READY_TO_CLOSE, message, ['id'], details);
  }

  static outsideBenchmark(message: string, field: FieldPath, details: Record<string, unknown>): InspectionError {
    return new InspectionError(InspectionCode.OUTSIDE_DISCRETION_BENCHMARK, message, field, details);
  }

  static procedureIncomplete(message: string, field: FieldPath, details: Record<string, unknown> = {}): InspectionError {
    return new InspectionError(InspectionCode.PENALTY_PROCEDURE_INCOMPLETE, message, field, details);
  }

  static hearingRequired(noticeId: string): InspectionError {
    return new InspectionError(InspectionCode.HEARING_REQUIRED, `The enterprise asked for a hearing on notice ${noticeId}: hold it and record it before deciding`, inputField('inspectionId'), { noticeId });
  }

  static notAFirstOffence(message: string, details: Record<string, unknown>): InspectionError {
    return new InspectionError(InspectionCode.NOT_A_FIRST_OFFENCE, message, inputField('noPenaltyReason'), details);
  }

  static advicePending(pending: number): InspectionError {
    return new InspectionError(InspectionCode.THIRD_PARTY_ADVICE_PENDING, `${pending} MANDATORY third-party advice awaits confirmation or dismissal`, ['id'], { pending });
  }

  static notJoint(inspectionId: string, type: string, field: FieldPath): InspectionError {
    return new InspectionError(
      InspectionCode.NOT_A_JOINT_INSPECTION,
      `Inspection ${inspectionId} is ${type}: partner departments take part only in a JOINT inspection`,
      field,
      { type },
    );
  }

  static noticeNotFound(id: string, field: FieldPath): InspectionError {
    return new InspectionError(CommonCode.NOT_FOUND, `No penalty notice ${id}`, field);
  }

  static conflict(message: string, field?: FieldPath): InspectionError {
    return new InspectionError(CommonCode.CONFLICT, message, field);
  }
}
