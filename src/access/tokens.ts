import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { AccessError } from '../shared/domain-error';
import { isValidCreditCode } from '../proof/credit-code';
import { ANONYMOUS, Department, Role, Viewer } from './viewer';

const ISSUER = 'hazchem-ledger';
const ALGORITHM = 'HS256';

export interface TokenClaims {
  role: Role;
  subject: string;
  department?: Department;
  enterprise?: string;
  expiresInSeconds: number;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function mintToken(secret: string, claims: TokenClaims, now: Date = new Date()): Promise<string> {
  const viewer = toViewer(claims.role, claims.subject, claims.department, claims.enterprise);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const payload: Record<string, string> = { role: viewer.role as string };
  if (viewer.role === Role.PARTNER) payload.department = viewer.department;
  if (viewer.role === Role.ENTERPRISE) payload.enterprise = viewer.enterprise;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setSubject(claims.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + claims.expiresInSeconds)
    .sign(key(secret));
}

export interface TokenCheck {
  now: Date;
  /** How far in the future a token's `iat` may be (clocks differ a little, never by a day). */
  clockSkewMs: number;
}

/** Decodes `Authorization: Bearer …`; no header is anonymous, a bad, expired or future-dated token is refused. */
export async function viewerFromAuthorization(secret: string, header: string | undefined, check: TokenCheck): Promise<Viewer> {
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw AccessError.unauthenticated('Authorization header must be "Bearer <token>"');
  try {
    const { payload } = await jwtVerify(match[1], key(secret), { issuer: ISSUER, algorithms: [ALGORITHM], currentDate: check.now });
    if (typeof payload.iat !== 'number' || payload.iat * 1000 > check.now.getTime() + check.clockSkewMs) {
      throw AccessError.unauthenticated('Token issued in the future (beyond the allowed clock skew): check the issuing clock');
    }
    return toViewer(payload.role, payload.sub, payload.department, payload.enterprise);
  } catch (error) {
    if (error instanceof AccessError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw AccessError.unauthenticated('Token expired');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw AccessError.unauthenticated("Token signed with another secret: not this server's JWT_SECRET (or DATA_DIR/jwt-secret); mint it with the server's secret");
    }
    throw AccessError.unauthenticated('Invalid token');
  }
}

function toViewer(role: unknown, subject: unknown, department: unknown, enterprise: unknown): Viewer {
  if (typeof subject !== 'string' || subject === '') throw AccessError.unauthenticated('Token has no subject');
  switch (role) {
    case Role.ADMIN:
    case Role.REGULATOR:
      return { role, subject };
    case Role.PARTNER:
      if (!Object.values(Department).includes(department as Department)) {
        throw AccessError.unauthenticated('A PARTNER token must name a department');
      }
      return { role, subject, department: department as Department };
    case Role.ENTERPRISE:
      if (typeof enterprise !== 'string' || !isValidCreditCode(enterprise)) {
        throw AccessError.unauthenticated('An ENTERPRISE token must name a valid credit code');
      }
      return { role, subject, enterprise };
    default:
      throw AccessError.unauthenticated('Token has no valid role');
  }
}
