/**
 * Who is signed in: an account's session. Its access token lives in memory only; a reload renews it from the
 * HttpOnly refresh cookie, so nothing a script could read outlives the page.
 */
export type Role = 'ADMIN' | 'REGULATOR' | 'PARTNER' | 'ENTERPRISE';

export interface Session {
  token: string;
  role: Role;
  subject: string;
  /** A TOWN regulator's town, a DISTRICT regulator's district (the deployment's); none at CITY or for other roles. */
  area?: string;
  department?: string;
  /** A partner department's mandates (the API's Mandate values): the lists its partner area offers. */
  mandates: readonly string[];
  enterprise?: string;
  displayName?: string;
  expiresAt: number;
}

export const isRegulator = (s: Session) => s.role === 'REGULATOR' || s.role === 'ADMIN';
