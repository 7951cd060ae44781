import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';
import { AlertStatus, LicenceEventType, LicenceStatus } from './licensing.enums';

/** Codes of the licensing domain beyond the common ones. */
export enum LicensingCode {
  INVALID_LICENCE_TRANSITION = 'INVALID_LICENCE_TRANSITION',
  INVALID_ALERT_TRANSITION = 'INVALID_ALERT_TRANSITION',
}

export class LicensingError extends DomainError {
  static invalid(field: Field, message: string): LicensingError {
    return new LicensingError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static licenceNotFound(id: string, field: Field = ['id']): LicensingError {
    return new LicensingError(CommonCode.NOT_FOUND, `No licence ${id}`, field);
  }

  static alertNotFound(id: string, field: Field = ['id']): LicensingError {
    return new LicensingError(CommonCode.NOT_FOUND, `No alert ${id}`, field);
  }

  static enterpriseNotFound(creditCode: string, field: Field): LicensingError {
    return new LicensingError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, field);
  }

  static chemicalNotFound(serial: number, field: Field): LicensingError {
    return new LicensingError(CommonCode.NOT_FOUND, `No catalogue chemical with serial ${serial}`, field);
  }

  static numberTaken(number: string): LicensingError {
    return new LicensingError(CommonCode.CONFLICT, `Licence number ${number} is already used`, ['input', 'number']);
  }

  static alreadyInScope(serial: number, field: Field): LicensingError {
    return new LicensingError(CommonCode.CONFLICT, `Chemical ${serial} is already in the scope of this licence`, field);
  }

  static transition(event: LicenceEventType, status: LicenceStatus): LicensingError {
    return new LicensingError(
      LicensingCode.INVALID_LICENCE_TRANSITION,
      `A ${status} licence cannot be ${event.toLowerCase().replace(/_/g, ' ')}`,
      ['input', 'licenceId'],
      { event, status },
    );
  }

  static alertTransition(from: AlertStatus, to: AlertStatus): LicensingError {
    return new LicensingError(LicensingCode.INVALID_ALERT_TRANSITION, `An ${from} alert cannot become ${to}`, ['input', 'alertId'], { from, to });
  }
}
