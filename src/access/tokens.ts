import crypto from 'node:crypto';
import { jwtVerify, JWTPayload, SignJWT, errors as joseErrors } from 'jose';
import { AccessError } from '../shared/domain-error';
import { isValidCreditCode } from '../proof/credit-code';
import { EnforcementLevel } from '../registry/registry.enums';
import { DEPARTMENT_CODE } from './department-scalar';
import { Role, Viewer } from './viewer';

const ISSUER = 'hazchem-ledger';
const ALGORITHM = 'HS256';

export interface TokenClaims {
  role: Role;
  subject: string;
  department?: string;
  enterprise?: string;
  /** A REGULATOR's level and, for TOWN, its town. */
  level?: EnforcementLevel;
  town?: string;
  /** The signed-in user's id and session epoch (accounts): the server checks both on every request. */
  user?: { id: string; epoch: number };
  expiresInSeconds: number;
}

/** A verified access token: who, and for a user's token the epoch it was issued in. */
export interface VerifiedToken {
  viewer: Viewer;
  epoch?: number;
}

/** Tokens verified under one secret, at most this many: a caller's token is verified once, not on every request. */
const VERIFIED_TOKENS = 1024;

/**
 * The server's secret as a key, built once (jose builds a KeyObject from bytes on every call), with the
 * payloads of the tokens it has verified. One secret at a time: a server has one; a test that mints
 * with another starts afresh.
 */
let signing: { secret: string; key: crypto.KeyObject; verified: Map<string, JWTPayload> } | undefined;

function keyOf(secret: string) {
  if (signing?.secret !== secret) signing = { secret, key: crypto.createSecretKey(Buffer.from(secret, 'utf8')), verified: new Map() };
  return signing;
}

/**
 * A token's claims once its signature and claims are checked. A token verified before under this secret
 * skips the signature (it cannot have changed: the token is the key) but not the time: while its `nbf`
 * and `exp` still hold at `now` (jose's own comparisons) the payload is reused; otherwise jose checks it
 * again and refuses it with its own error.
 */
async function verifiedPayload(secret: string, token: string, now: Date): Promise<JWTPayload> {
  const { key, verified } = keyOf(secret);
  const cached = verified.get(token);
  const seconds = Math.floor(now.getTime() / 1000);
  if (cached && (cached.nbf === undefined || (cached.nbf as number) <= seconds) && (cached.exp === undefined || (cached.exp as number) > seconds)) return cached;
  verified.delete(token);
  const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: [ALGORITHM], currentDate: now });
  if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
  verified.set(token, payload);
  return payload;
}

/** Signs an access token; every token carries a random `jti`, so each one can be named in logs. */
export async function mintToken(secret: string, claims: TokenClaims, now: Date = new Date()): Promise<string> {
  const viewer = toViewer(claims.role, claims.subject, claims);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const payload: Record<string, string | number> = { role: viewer.role as string };
  if (viewer.role === Role.PARTNER) payload.department = viewer.department;
  if (viewer.role === Role.ENTERPRISE) payload.enterprise = viewer.enterprise;
  if (viewer.role === Role.REGULATOR && viewer.level) payload.level = viewer.level;
  if (viewer.role === Role.REGULATOR && viewer.town) payload.town = viewer.town;
  if (claims.user) {
    payload.uid = claims.user.id;
    payload.ep = claims.user.epoch;
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setSubject(claims.subject)
    .setJti(crypto.randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + claims.expiresInSeconds)
    .sign(keyOf(secret).key);
}

/** The token of `Authorization: Bearer <token>`; no header is null, any other form is refused. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw AccessError.unauthenticated('Authorization header must be "Bearer <token>"');
  return match[1];
}

export interface TokenCheck {
  now: Date;
  /** How far in the future a token's `iat` may be (clocks differ a little, never by a day). */
  clockSkewMs: number;
  /** Accept a REGULATOR token naming no level (ALLOW_LEVELLESS_REGULATOR_TOKENS); otherwise it is refused. */
  levellessRegulators?: boolean;
}

/** Verifies a JWT's signature, issuer, expiry and issue time and reads its claims; a bad, expired or future-dated token is refused. */
export async function verifyToken(secret: string, token: string, check: TokenCheck): Promise<VerifiedToken> {
  try {
    const payload = await verifiedPayload(secret, token, check.now);
    if (typeof payload.iat !== 'number' || payload.iat * 1000 > check.now.getTime() + check.clockSkewMs) {
      throw AccessError.unauthenticated('Token issued in the future (beyond the allowed clock skew): check the issuing clock');
    }
    const viewer = toViewer(payload.role, payload.sub, payload as Record<string, unknown>);
    if (viewer.role === Role.REGULATOR && !viewer.level && !check.levellessRegulators) {
      // Minted before levels existed: it would act for every level and town. Refused, unless the deployment keeps them for now.
      throw AccessError.unauthenticated(
        'This REGULATOR token names no level (minted before levels existed): re-issue it with npm run token -- --role REGULATOR --level CITY|DISTRICT|TOWN [--town …], or sign in (ALLOW_LEVELLESS_REGULATOR_TOKENS=true accepts such tokens until they expire)',
      );
    }
    if (payload.uid === undefined) return { viewer };
    if (typeof payload.uid !== 'string' || typeof payload.ep !== 'number') throw AccessError.unauthenticated('Invalid token');
    return { viewer: { ...viewer, user: payload.uid } as Viewer, epoch: payload.ep };
  } catch (error) {
    if (error instanceof AccessError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw AccessError.unauthenticated('Token expired');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw AccessError.unauthenticated("Token signed with another secret: not this server's JWT_SECRET (or DATA_DIR/jwt-secret); mint it with the server's secret");
    }
    throw AccessError.unauthenticated('Invalid token');
  }
}

function toViewer(role: unknown, subject: unknown, claims: { department?: unknown; enterprise?: unknown; level?: unknown; town?: unknown }): Viewer {
  if (typeof subject !== 'string' || subject === '') throw AccessError.unauthenticated('Token has no subject');
  switch (role) {
    case Role.ADMIN:
      return { role, subject };
    case Role.REGULATOR:
      return { role, subject, ...regulatorArea(claims.level, claims.town) };
    case Role.PARTNER:
      if (typeof claims.department !== 'string' || !DEPARTMENT_CODE.test(claims.department)) {
        throw AccessError.unauthenticated('A PARTNER token must name a department');
      }
      // The mandates are the department table's, read per request (departments.service.ts withMandates): none until then.
      return { role, subject, department: claims.department, mandates: [] };
    case Role.ENTERPRISE:
      if (typeof claims.enterprise !== 'string' || !isValidCreditCode(claims.enterprise)) {
        throw AccessError.unauthenticated('An ENTERPRISE token must name a valid credit code');
      }
      return { role, subject, enterprise: claims.enterprise };
    default:
      throw AccessError.unauthenticated('Token has no valid role');
  }
}

/** A regulator's level and town as a token states them: a town only, and always, with TOWN. */
function regulatorArea(level: unknown, town: unknown): { level?: EnforcementLevel; town?: string } {
  if (level === undefined && town === undefined) return {};
  if (!Object.values(EnforcementLevel).includes(level as EnforcementLevel)) throw AccessError.unauthenticated('A REGULATOR token names no valid level');
  const hasTown = typeof town === 'string' && town !== '';
  if ((level === EnforcementLevel.TOWN) !== hasTown) throw AccessError.unauthenticated('A REGULATOR token names a town exactly when its level is TOWN');
  return hasTown ? { level: level as EnforcementLevel, town: town as string } : { level: level as EnforcementLevel };
}
