import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';

/** Errors of the EPCIS exchange; the REST edge (epcis.routes.ts) writes them as EPCIS exceptions. */
export class ExchangeError extends DomainError {
  static badParameter(field: Field, message: string): ExchangeError {
    return new ExchangeError(CommonCode.BAD_USER_INPUT, message, field);
  }

  /** A captured event refused: the field path within the document and the event's index. */
  static inEvent(code: string, index: number, field: Field, message: string, details: Record<string, unknown> = {}): ExchangeError {
    return new ExchangeError(code, message, field, { ...details, eventIndex: index });
  }

  static noSuchEvent(eventId: string): ExchangeError {
    return new ExchangeError(CommonCode.NOT_FOUND, `No event ${eventId} that this token may read`, ['eventID']);
  }
}
