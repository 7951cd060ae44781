import { CommonCode, DomainError, FieldPath as Field } from '../shared/domain-error';

/** Codes of the accounts domain beyond the common ones. */
export enum AccountsCode {
  /** Too many failed sign-ins for the name or the address: `retryAfterSeconds` says when to try again. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The right password for a disabled account. */
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
}

export class AccountsError extends DomainError {
  static invalid(field: Field, message: string): AccountsError {
    return new AccountsError(CommonCode.BAD_USER_INPUT, message, field);
  }

  static userNotFound(id: string, field: Field = ['userId']): AccountsError {
    return new AccountsError(CommonCode.NOT_FOUND, `No user ${id}`, field);
  }

  static keyNotFound(id: string): AccountsError {
    return new AccountsError(CommonCode.NOT_FOUND, `No API key ${id}`, ['keyId']);
  }

  static enterpriseNotFound(creditCode: string, field: Field): AccountsError {
    return new AccountsError(CommonCode.NOT_FOUND, `No enterprise with credit code ${creditCode}`, field);
  }

  static loginNameTaken(name: string): AccountsError {
    return new AccountsError(CommonCode.CONFLICT, `Login name ${name} is taken`, ['input', 'loginName']);
  }

  /** One message for a wrong password and an unknown name, so neither tells whether the name exists. */
  static wrongCredentials(): AccountsError {
    return new AccountsError(CommonCode.UNAUTHENTICATED, 'Wrong login name or password');
  }

  static disabled(): AccountsError {
    return new AccountsError(AccountsCode.ACCOUNT_DISABLED, 'This account is disabled');
  }

  static rateLimited(retryAfterSeconds: number): AccountsError {
    return new AccountsError(AccountsCode.RATE_LIMITED, `Too many failed sign-ins: try again in ${retryAfterSeconds} s`, undefined, { retryAfterSeconds });
  }

  static sessionEnded(message = 'Sign in again'): AccountsError {
    return new AccountsError(CommonCode.UNAUTHENTICATED, message);
  }

  static cannotDisableSelf(): AccountsError {
    return new AccountsError(CommonCode.FORBIDDEN, 'An administrator cannot disable or demote their own account', ['userId']);
  }
}
