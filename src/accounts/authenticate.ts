import { EntityManager } from '@mikro-orm/postgresql';
import { bearerToken, verifyToken } from '../access/tokens';
import { ANONYMOUS, Viewer } from '../access/viewer';
import { AccessError } from '../shared/domain-error';

/**
 * Reads `Authorization: Bearer …` into a viewer. A signed-in user's token is
 * checked against the account on every request (one primary-key read): a
 * disabled account, or a token from before revokeSessions, a password or a
 * role change (an older session epoch), is refused at once. Tokens are checked
 * against the wall clock, whatever clock the domain runs on.
 */
export function bearerAuthenticator(em: EntityManager, secret: string, clockSkewMs: number, now: () => Date = () => new Date()) {
  return async (header: string | undefined): Promise<Viewer> => {
    const token = bearerToken(header);
    if (token === null) return ANONYMOUS;
    const { viewer, epoch } = await verifyToken(secret, token, { now: now(), clockSkewMs });
    if (viewer.role === null || viewer.user === undefined) return viewer;
    const rows = await em.getConnection().execute<{ disabled_at: Date | null; session_epoch: number }[]>('select disabled_at, session_epoch from users where id = ?', [viewer.user]);
    const account = rows[0];
    if (!account || account.disabled_at) throw AccessError.unauthenticated('This account is disabled');
    if (account.session_epoch !== epoch) throw AccessError.unauthenticated('This session has ended: sign in again');
    return viewer;
  };
}
