import { registerEnumType } from 'type-graphql';

/** How one sign-in attempt ended (sign_in.outcome). */
export enum SignInOutcome {
  SUCCEEDED = 'SUCCEEDED',
  /** Wrong password, or no such user: the caller is told the same for both. */
  WRONG_CREDENTIALS = 'WRONG_CREDENTIALS',
  /** The right password for a disabled account. */
  DISABLED = 'DISABLED',
  /** Refused unchecked: too many failures for the login name or the address in the last minute. */
  RATE_LIMITED = 'RATE_LIMITED',
}
registerEnumType(SignInOutcome, { name: 'SignInOutcome' });

/** What was done to an account (account_event.action). */
export enum AccountAction {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  ROLE_CHANGED = 'ROLE_CHANGED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  DISABLED = 'DISABLED',
  ENABLED = 'ENABLED',
  SESSIONS_REVOKED = 'SESSIONS_REVOKED',
  /** A refresh token was presented a second time: its whole family was revoked. */
  REFRESH_REUSED = 'REFRESH_REUSED',
  KEY_CREATED = 'KEY_CREATED',
  KEY_REVOKED = 'KEY_REVOKED',
}
registerEnumType(AccountAction, { name: 'AccountAction' });
