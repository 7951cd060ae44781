import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';

export enum WebhookCode {
  INVALID_DELIVERY_STATE = 'INVALID_DELIVERY_STATE',
}

export class WebhookError extends DomainError {
  static invalid(field: Field, message: string): WebhookError {
    return new WebhookError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static notFound(what: string, id: string, field: Field): WebhookError {
    return new WebhookError(CommonCode.NOT_FOUND, `No ${what} ${id} of yours`, field);
  }

  static notReplayable(status: string, field: Field): WebhookError {
    return new WebhookError(WebhookCode.INVALID_DELIVERY_STATE, `A ${status} delivery is not replayed: only DEAD ones are`, field);
  }
}
