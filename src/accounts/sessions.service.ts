import crypto from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { mintToken } from '../access/tokens';
import { Clock } from '../shared/clock';
import { AccountAction, SignInOutcome } from './accounts.enums';
import { AccountsError } from './accounts.errors';
import { lockAttempts, loginRetryAfter } from './login-throttle';
import { MAX_PASSWORD_LENGTH, verifyAgainstDecoy, verifyPassword } from './password';
import { RefreshToken } from './refresh-token.entity';
import { SessionTransport } from './session-transport';
import { SignIn } from './sign-in.entity';
import { User } from './user.entity';
import { recordEvent } from './users.service';

export interface SessionSettings {
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  /** How long a used token may be presented again while the token it issued is unused (config REFRESH_REUSE_GRACE_SECONDS). */
  reuseGraceSeconds: number;
}

/** What login and refresh return; the refresh token itself goes only into the cookie. */
export interface IssuedSession {
  accessToken: string;
  accessTokenExpiresAt: Date;
  user: User;
}

/** The longest login name kept in sign_in; a longer one cannot be a user's and is cut. */
const KEPT_NAME_LENGTH = 64;

/**
 * Sign-in sessions: login checks the password (Argon2id) under the per-name
 * and per-address limits and records the attempt; refresh rotates the
 * refresh token, and a used one presented again ends its whole family
 * (but for an answer lost within the reuse grace);
 * logout ends the family.
 */
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly settings: SessionSettings,
  ) {}

  async login(name: string, password: string, transport: SessionTransport): Promise<IssuedSession> {
    const loginName = name.trim().toLowerCase().slice(0, KEPT_NAME_LENGTH);
    const address = transport.clientAddress;
    // Counted, checked and recorded under the name's and the address's locks: N attempts at once count N,
    // so parallel guesses get no more than the limit. The refusal is thrown after commit, so its row stays.
    const outcome = await this.em.transactional(async (em) => {
      await lockAttempts(em, loginName, address);
      const record = (userId: string | null, result: SignInOutcome) => em.create(SignIn, { at: this.clock.now(), loginName, userId, address, outcome: result });
      const retryAfter = await loginRetryAfter(em, loginName, address, this.clock.now());
      if (retryAfter !== null) {
        record(null, SignInOutcome.RATE_LIMITED);
        return { refused: AccountsError.rateLimited(retryAfter) };
      }
      const user = await em.findOne(User, { loginName }, { populate: ['passwordHash'] });
      const tooLong = [...password].length > MAX_PASSWORD_LENGTH;
      const matches = user && !tooLong ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(tooLong ? '' : password);
      if (!user || !matches) {
        record(user?.id ?? null, SignInOutcome.WRONG_CREDENTIALS);
        return { refused: AccountsError.wrongCredentials() };
      }
      if (user.disabledAt) {
        record(user.id, SignInOutcome.DISABLED);
        return { refused: AccountsError.disabled() };
      }
      const now = this.clock.now();
      record(user.id, SignInOutcome.SUCCEEDED);
      return { user, now, refreshToken: this.issueRefreshToken(em, user, crypto.randomUUID(), now) };
    });
    if ('refused' in outcome) throw outcome.refused;
    transport.refreshCookie.set(outcome.refreshToken.token, outcome.refreshToken.expiresAt);
    return this.accessToken(transport.jwtSecret, outcome.user, outcome.now);
  }

  async refresh(transport: SessionTransport): Promise<IssuedSession> {
    const presented = transport.refreshCookie.read();
    if (!presented) throw AccountsError.sessionEnded('No refresh token: sign in');
    const now = this.clock.now();
    const row = await this.em.findOne(RefreshToken, { tokenHash: sha256(presented) });
    if (!row || row.revokedAt) return this.refuse(transport, 'This session has ended: sign in again');
    if (row.usedAt) return this.presentedAgain(transport, row, now);
    if (row.expiresAt.getTime() <= now.getTime()) return this.refuse(transport, 'This session has expired: sign in again');
    const user = await this.holderOf(row);
    if (!user) return this.refuse(transport, 'This session has ended: sign in again');
    // Claimed in one statement: of two refreshes racing with one token, one wins and the other is a reuse.
    return this.rotate(transport, row, user, now, (em) => em.nativeUpdate(RefreshToken, { id: row.id, usedAt: null, revokedAt: null }, { usedAt: now }));
  }

  /**
   * A used token again. Within the grace after its refresh, with the token that refresh issued still unused, the answer
   * was lost on the way (a reload cuts the request short, and the browser keeps the old cookie): that successor is
   * spent in its place and a new one issued. Otherwise it is a copy, and the family ends.
   */
  private async presentedAgain(transport: SessionTransport, row: RefreshToken, now: Date): Promise<IssuedSession> {
    const graceEnds = row.usedAt!.getTime() + this.settings.reuseGraceSeconds * 1000;
    const user = now.getTime() <= graceEnds ? await this.holderOf(row) : null;
    if (!user) return this.reused(transport, row, now);
    // The token this one's refresh issued is the family's next; claimed in one statement, so that of two replays at
    // once one gets a new token and the other is a reuse.
    return this.rotate(transport, row, user, now, async (em) => {
      const successor = await em.findOne(RefreshToken, { family: row.family, id: { $gt: row.id } }, { orderBy: { id: 'asc' } });
      return successor ? em.nativeUpdate(RefreshToken, { id: successor.id, usedAt: null, revokedAt: null, expiresAt: { $gt: now } }, { usedAt: now }) : 0;
    });
  }

  /** The token's user while its session stands (not disabled, no sessions revoked since the family began), else null. */
  private async holderOf(row: RefreshToken): Promise<User | null> {
    const user = await this.em.findOne(User, { id: row.userId });
    return user && !user.disabledAt && user.sessionEpoch === row.epoch ? user : null;
  }

  /** Spends a token by `claim` (one statement: 1 when it won) and issues the family's next; a lost claim is a reuse. */
  private async rotate(transport: SessionTransport, row: RefreshToken, user: User, now: Date, claim: (em: EntityManager) => Promise<number>): Promise<IssuedSession> {
    const next = await this.em.transactional(async (em) => ((await claim(em)) === 1 ? this.issueRefreshToken(em, user, row.family, now) : null));
    if (!next) return this.reused(transport, row, now);
    transport.refreshCookie.set(next.token, next.expiresAt);
    return this.accessToken(transport.jwtSecret, user, now);
  }

  /** Ends the session of the cookie (its whole family); true whether or not there was one. */
  async logout(transport: SessionTransport): Promise<boolean> {
    const presented = transport.refreshCookie.read();
    if (presented) {
      const row = await this.em.findOne(RefreshToken, { tokenHash: sha256(presented) });
      if (row) await this.em.nativeUpdate(RefreshToken, { family: row.family, revokedAt: null }, { revokedAt: this.clock.now() });
    }
    transport.refreshCookie.clear();
    return true;
  }

  private async reused(transport: SessionTransport, row: RefreshToken, now: Date): Promise<never> {
    await this.em.transactional(async (em) => {
      await em.nativeUpdate(RefreshToken, { family: row.family, revokedAt: null }, { revokedAt: now });
      const user = await em.findOne(User, { id: row.userId });
      if (user) recordEvent(em, 'system', user, AccountAction.REFRESH_REUSED, now, { family: row.family });
    });
    return this.refuse(transport, 'This refresh token was already used: the session it belongs to has been ended');
  }

  private refuse(transport: SessionTransport, message: string): never {
    transport.refreshCookie.clear();
    throw AccountsError.sessionEnded(message);
  }

  private issueRefreshToken(em: EntityManager, user: User, family: string, now: Date): { token: string; expiresAt: Date } {
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.settings.refreshTokenSeconds * 1000);
    em.create(RefreshToken, { tokenHash: sha256(token), family, userId: user.id, epoch: user.sessionEpoch, issuedAt: now, expiresAt });
    return { token, expiresAt };
  }

  private async accessToken(secret: string, user: User, now: Date): Promise<IssuedSession> {
    const accessToken = await mintToken(
      secret,
      {
        role: user.role,
        subject: user.loginName,
        level: user.level ?? undefined,
        town: user.town ?? undefined,
        department: user.department ?? undefined,
        enterprise: user.enterprise ?? undefined,
        user: { id: user.id, epoch: user.sessionEpoch },
        expiresInSeconds: this.settings.accessTokenSeconds,
      },
      now,
    );
    return { accessToken, accessTokenExpiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + this.settings.accessTokenSeconds * 1000), user };
  }
}

export function sha256(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
