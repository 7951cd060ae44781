import { EntityManager } from '@mikro-orm/postgresql';
import { bearerToken, TokenCheck, verifyToken } from '../access/tokens';
import { ANONYMOUS, Role, Viewer } from '../access/viewer';
import { AccessError } from '../shared/domain-error';
import { addressAllowed } from './address-ranges';
import { KEY_PREFIX } from './api-keys.service';
import { sha256 } from './sessions.service';
import { withMandates } from '../access/departments.service';
import type { Mandate } from '../access/mandates';

/** A key's last use is written at most this often, so a busy system does not write on every request. */
const LAST_USE_EVERY_MS = 60_000;

interface KeyRow {
  id: string;
  prefix: string;
  enterprise: string | null;
  department: string | null;
  /** The key's department's, as the department table holds them now. */
  mandates: Mandate[] | null;
  active: boolean | null;
  allowed_ranges: string[];
  /** Timestamps come back as text from a raw query. */
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/**
 * Reads `Authorization: Bearer …` into a viewer: a JWT or an API key (hzk_…).
 * A signed-in user's token is checked against the account on every request
 * (one primary-key read): a disabled account, or a token from before
 * revokeSessions, a password or a role change (an older session epoch), is
 * refused at once. A key is one unique-index read: unknown, revoked or
 * expired keys, and keys used from outside their ranges, are refused. Tokens
 * are checked against the wall clock, whatever clock the domain runs on.
 */
export function bearerAuthenticator(em: EntityManager, secret: string, check: Omit<TokenCheck, 'now'>, now: () => Date = () => new Date()) {
  const connection = () => em.getConnection();
  async function apiKeyViewer(key: string, address: string | undefined): Promise<Viewer> {
    const rows = await connection().execute<KeyRow[]>(
      'select k.id, k.prefix, k.enterprise, k.department, d.mandates, d.active, k.allowed_ranges, k.expires_at, k.revoked_at, k.last_used_at from api_key k left join department d on d.code = k.department where k.secret_hash = ?',
      [sha256(key)],
    );
    const row = rows[0];
    const at = now();
    if (!row || row.revoked_at || Date.parse(row.expires_at) <= at.getTime()) throw AccessError.unauthenticated('Unknown, revoked or expired API key');
    if (!addressAllowed(address ?? '', row.allowed_ranges)) throw AccessError.unauthenticated(`API key ${row.prefix}… may not be used from ${address ?? 'an unknown address'}`);
    if (!row.last_used_at || at.getTime() - Date.parse(row.last_used_at) >= LAST_USE_EVERY_MS) {
      await connection().execute('update api_key set last_used_at = ?, last_used_address = ? where id = ?', [at, address ?? null, row.id]);
    }
    const subject = `key:${row.prefix}`;
    if (row.enterprise) return { role: Role.ENTERPRISE, subject, enterprise: row.enterprise, key: String(row.id) };
    if (!row.active) throw AccessError.unauthenticated(`Department ${row.department} is not an active partner department`);
    return { role: Role.PARTNER, subject, department: row.department!, mandates: row.mandates!, key: String(row.id) };
  }

  return async (header: string | undefined, address?: string): Promise<Viewer> => {
    const token = bearerToken(header);
    if (token === null) return ANONYMOUS;
    if (token.startsWith(KEY_PREFIX)) return apiKeyViewer(token, address);
    const verified = await verifyToken(secret, token, { ...check, now: now() });
    const viewer = await withMandates(em, verified.viewer);
    if (viewer.role === null || viewer.user === undefined) return viewer;
    const rows = await connection().execute<{ disabled_at: string | null; session_epoch: number }[]>('select disabled_at, session_epoch from users where id = ?', [viewer.user]);
    const account = rows[0];
    if (!account || account.disabled_at) throw AccessError.unauthenticated('This account is disabled');
    if (account.session_epoch !== verified.epoch) throw AccessError.unauthenticated('This session has ended: sign in again');
    return viewer;
  };
}
