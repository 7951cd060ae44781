import { mintToken, verifyToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { AccountEvent } from '../../src/accounts/account-event.entity';
import { AccountAction, SignInOutcome } from '../../src/accounts/accounts.enums';
import { bearerAuthenticator } from '../../src/accounts/authenticate';
import { RefreshToken } from '../../src/accounts/refresh-token.entity';
import { SessionsService } from '../../src/accounts/sessions.service';
import { SignIn } from '../../src/accounts/sign-in.entity';
import { UsersService } from '../../src/accounts/users.service';
import { EnforcementLevel } from '../../src/registry/registry.enums';
import { fixedClock } from '../../src/shared/clock';
import { codes, createTestApi, memorySession, TEST_JWT_SECRET } from '../support/api';
import { createUser, PASSWORD } from '../support/account-fixtures';
import { openTestDatabase, TestDatabase } from '../support/database';
import { admin } from '../support/fixtures';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;
const clock = fixedClock('2026-12-05T02:00:00Z');
const SETTINGS = { accessTokenSeconds: 900, refreshTokenSeconds: 3600, reuseGraceSeconds: 10 };
const sessions = () => new SessionsService(db.orm.em.fork(), clock, SETTINGS);
const authenticate = () => bearerAuthenticator(db.orm.em, TEST_JWT_SECRET, { clockSkewMs: 0 }, () => clock.now());
const bearer = (token: string) => `Bearer ${token}`;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db, { clock });
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

const LOGIN = `mutation($name: String!, $password: String!) { login(name: $name, password: $password) { accessToken accessTokenExpiresAt user { loginName role level town } } }`;
const attempts = (loginName: string) => db.orm.em.fork().find(SignIn, { loginName }, { orderBy: { id: 'asc' } });

describe('login', () => {
  it('gives an access token stating the account (with a jti) and sets the refresh cookie; the sign-in is recorded', async () => {
    await createUser(db.orm.em, 'town.reg', { role: Role.REGULATOR, level: EnforcementLevel.TOWN, town: '高桥镇' }, clock);
    const session = memorySession('10.1.2.3');
    const result = await api.run(LOGIN, { name: ' Town.Reg ', password: PASSWORD }, undefined, session);
    expect(result.errors).toBeUndefined();
    const { accessToken, accessTokenExpiresAt, user } = result.data!.login;
    expect(user).toEqual({ loginName: 'town.reg', role: 'REGULATOR', level: 'TOWN', town: '高桥镇' });
    expect(accessTokenExpiresAt).toEqual(new Date('2026-12-05T02:15:00.000Z'));
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'town.reg', role: 'REGULATOR', level: 'TOWN', town: '高桥镇', ep: 0 });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // REFRESH_TOKEN_HOURS' default: 12 h.
    expect(session.cookieExpires).toEqual(new Date('2026-12-05T14:00:00Z'));
    const stored = await db.orm.em.fork().findOneOrFail(RefreshToken, { userId: payload.uid });
    expect(stored.tokenHash).not.toBe(session.cookie);
    expect((await attempts('town.reg')).map(({ address, outcome, userId }) => ({ address, outcome, userId }))).toEqual([
      { address: '10.1.2.3', outcome: SignInOutcome.SUCCEEDED, userId: payload.uid },
    ]);
  });

  it('a wrong password and an unknown name get the same answer, in about the same time; both recorded', async () => {
    await createUser(db.orm.em, 'timed', {}, clock);
    const time = async (name: string) => {
      const started = process.hrtime.bigint();
      const result = await api.run(LOGIN, { name, password: 'not the password at all' }, undefined, memorySession('10.9.9.9'));
      return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    // Interleaved, so a change in the machine's load (another jest worker) falls on both kinds alike.
    const wrong: Awaited<ReturnType<typeof time>>[] = [];
    const unknown: Awaited<ReturnType<typeof time>>[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time('timed'));
      unknown.push(await time('nobody-here'));
    }
    expect(wrong[0].result.errors).toEqual(unknown[0].result.errors);
    expect(codes(wrong[0].result)).toEqual(['UNAUTHENTICATED']);
    // Both run one Argon2id verification (tens of milliseconds); without the decoy the unknown name would answer in a few.
    expect(median(unknown.map((u) => u.ms))).toBeGreaterThan(median(wrong.map((w) => w.ms)) * 0.3);
    expect((await attempts('timed')).map((a) => a.outcome)).toEqual(Array(3).fill(SignInOutcome.WRONG_CREDENTIALS));
    expect((await attempts('nobody-here')).map((a) => [a.outcome, a.userId])).toEqual(Array(3).fill([SignInOutcome.WRONG_CREDENTIALS, null]));
  });

  it('a disabled account is refused with its own code, only given the right password', async () => {
    const user = await createUser(db.orm.em, 'gone', {}, clock);
    await new UsersService(db.orm.em.fork(), clock).disableUser(admin, user.id);
    expect(codes(await api.run(LOGIN, { name: 'gone', password: PASSWORD }))).toEqual(['ACCOUNT_DISABLED']);
    expect(codes(await api.run(LOGIN, { name: 'gone', password: 'wrong wrong wrong' }))).toEqual(['UNAUTHENTICATED']);
    expect((await attempts('gone')).map((a) => a.outcome)).toEqual([SignInOutcome.DISABLED, SignInOutcome.WRONG_CREDENTIALS]);
  });

  it('after 10 failures in a minute a name is refused, even with the right password, until the minute has passed', async () => {
    await createUser(db.orm.em, 'target', {}, clock);
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      expect(codes(await api.run(LOGIN, { name: 'target', password: `guess number ${i}` }, undefined, memorySession(`10.0.0.${i}`)))).toEqual(['UNAUTHENTICATED']);
    }
    const limited = await api.run(LOGIN, { name: 'target', password: PASSWORD }, undefined, memorySession('10.0.1.1'));
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    // The first failure was 10 s ago: a minute after it is 50 s away.
    expect(limited.errors![0].extensions!.retryAfterSeconds).toBe(51);
    expect((await attempts('target')).at(-1)!.outcome).toBe(SignInOutcome.RATE_LIMITED);
    clock.advance(51_000);
    expect((await api.run(LOGIN, { name: 'target', password: PASSWORD })).errors).toBeUndefined();
  });

  it('after 10 failures in a minute from one address, that address is refused for any name', async () => {
    for (let i = 0; i < 10; i++) await api.run(LOGIN, { name: `spray-${i}`, password: 'spray spray spray' }, undefined, memorySession('192.0.2.7'));
    const limited = await api.run(LOGIN, { name: 'spray-x', password: 'spray spray spray' }, undefined, memorySession('192.0.2.7'));
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0].extensions!.retryAfterSeconds).toBe(60);
    expect(codes(await api.run(LOGIN, { name: 'spray-x', password: 'spray spray spray' }, undefined, memorySession('192.0.2.8')))).toEqual(['UNAUTHENTICATED']);
    clock.advance(61_000);
  });

  it('15 wrong passwords at once for one name count 15: 10 are tried, 5 refused, and the right one waits', async () => {
    await createUser(db.orm.em, 'raced', {}, clock);
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => new SessionsService(db.orm.em.fork(), clock, SETTINGS).login('raced', `parallel guess ${i}`, memorySession(`198.51.100.${i}`)).catch((e) => e.code as string)),
    );
    expect(results.filter((r) => r === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(results.filter((r) => r === 'RATE_LIMITED')).toHaveLength(5);
    const outcomes = (await attempts('raced')).map((a) => a.outcome);
    expect(outcomes.filter((o) => o === SignInOutcome.WRONG_CREDENTIALS)).toHaveLength(10);
    expect(outcomes.filter((o) => o === SignInOutcome.RATE_LIMITED)).toHaveLength(5);
    expect(codes(await api.run(LOGIN, { name: 'raced', password: PASSWORD }, undefined, memorySession('198.51.100.99')))).toEqual(['RATE_LIMITED']);
    clock.advance(61_000);
  });

  it('sign-ins cannot be edited or removed', async () => {
    await expect(db.orm.em.getConnection().execute(`update sign_in set outcome = 'SUCCEEDED'`)).rejects.toThrow(/append-only/);
    await expect(db.orm.em.getConnection().execute(`truncate sign_in`)).rejects.toThrow(/append-only/);
  });
});

describe('refresh and logout', () => {
  it('refresh rotates the cookie and gives a fresh access token', async () => {
    await createUser(db.orm.em, 'rotator', {}, clock);
    const session = memorySession();
    await sessions().login('rotator', PASSWORD, session);
    const first = session.cookie;
    clock.advance(60_000);
    const refreshed = await api.run(`mutation { refresh { accessToken user { loginName } } }`, {}, undefined, session);
    expect(refreshed.errors).toBeUndefined();
    expect(session.cookie).toBeDefined();
    expect(session.cookie).not.toBe(first);
    const viewer = await authenticate()(bearer(refreshed.data!.refresh.accessToken));
    expect(viewer).toMatchObject({ role: Role.ADMIN, subject: 'rotator' });
  });

  it('a refresh token used twice ends its whole family: the copy and the legitimate successor both stop', async () => {
    const user = await createUser(db.orm.em, 'victim', {}, clock);
    const legit = memorySession();
    await sessions().login('victim', PASSWORD, legit);
    const stolen = memorySession();
    stolen.cookie = legit.cookie;
    await sessions().refresh(legit);
    clock.advance(10_001); // past the reuse grace
    const reuse = await api.run(`mutation { refresh { accessToken } }`, {}, undefined, stolen);
    expect(codes(reuse)).toEqual(['UNAUTHENTICATED']);
    expect(reuse.errors![0].message).toMatch(/already used/);
    expect(stolen.cookie).toBeUndefined();
    expect(codes(await api.run(`mutation { refresh { accessToken } }`, {}, undefined, legit))).toEqual(['UNAUTHENTICATED']);
    const events = await db.orm.em.fork().find(AccountEvent, { userId: user.id, action: AccountAction.REFRESH_REUSED });
    expect(events).toHaveLength(1);
  });

  it('a refresh whose answer was lost (a reload cut it short) is taken again within the grace, once; its unused successor is spent', async () => {
    await createUser(db.orm.em, 'reloader', {}, clock);
    const browser = memorySession();
    await sessions().login('reloader', PASSWORD, browser);
    const kept = browser.cookie;
    const lost = memorySession();
    lost.cookie = kept;
    await sessions().refresh(lost); // rotated on the server; the new cookie never reached the browser
    clock.advance(3_000);
    const again = await api.run(`mutation { refresh { accessToken user { loginName } } }`, {}, undefined, browser);
    expect(again.errors).toBeUndefined();
    expect(browser.cookie).not.toBe(kept);
    expect(browser.cookie).not.toBe(lost.cookie);
    // The browser goes on with its new cookie; the lost successor was spent in its place, and its own successor is now
    // used too: presented, it is a copy, and the family ends.
    expect((await api.run(`mutation { refresh { accessToken } }`, {}, undefined, browser)).errors).toBeUndefined();
    const copy = await api.run(`mutation { refresh { accessToken } }`, {}, undefined, lost);
    expect(codes(copy)).toEqual(['UNAUTHENTICATED']);
    expect(copy.errors![0].message).toMatch(/already used/);
    expect(codes(await api.run(`mutation { refresh { accessToken } }`, {}, undefined, browser))).toEqual(['UNAUTHENTICATED']);
  });

  it('within the grace, a used token whose successor was already used is a copy: the family ends', async () => {
    const user = await createUser(db.orm.em, 'early.thief', {}, clock);
    const legit = memorySession();
    await sessions().login('early.thief', PASSWORD, legit);
    const stolen = memorySession();
    stolen.cookie = legit.cookie;
    await sessions().refresh(legit);
    await sessions().refresh(legit);
    await expect(sessions().refresh(stolen)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/already used/) });
    await expect(sessions().refresh(legit)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await db.orm.em.fork().count(AccountEvent, { userId: user.id, action: AccountAction.REFRESH_REUSED })).toBe(1);
  });

  it('two replays of one lost answer at once: one new token, the other a copy', async () => {
    await createUser(db.orm.em, 'twin.tabs', {}, clock);
    const first = memorySession();
    await sessions().login('twin.tabs', PASSWORD, first);
    const second = memorySession();
    second.cookie = first.cookie;
    const lost = memorySession();
    lost.cookie = first.cookie;
    await sessions().refresh(lost);
    const outcomes = await Promise.all([first, second].map((s) => sessions().refresh(s).then(() => 'ok', (e) => e.code as string)));
    expect(outcomes.sort()).toEqual(['UNAUTHENTICATED', 'ok']);
  });

  it('an expired refresh token, a made-up one and none are refused', async () => {
    await createUser(db.orm.em, 'sleeper', {}, clock);
    const session = memorySession();
    await sessions().login('sleeper', PASSWORD, session);
    clock.advance(3600_000);
    await expect(sessions().refresh(session)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
    const madeUp = memorySession();
    madeUp.cookie = 'A'.repeat(43);
    await expect(sessions().refresh(madeUp)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(sessions().refresh(memorySession())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('logout ends the session: its refresh token no longer works', async () => {
    await createUser(db.orm.em, 'leaver', {}, clock);
    const session = memorySession();
    await sessions().login('leaver', PASSWORD, session);
    const kept = session.cookie;
    expect((await api.run(`mutation { logout }`, {}, undefined, session)).data).toEqual({ logout: true });
    expect(session.cookie).toBeUndefined();
    session.cookie = kept;
    await expect(sessions().refresh(session)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('ending sessions at once', () => {
  it('revokeSessions, disabling and a password change stop access and refresh tokens on their next use; a new login works', async () => {
    const user = await createUser(db.orm.em, 'revokee', {}, clock);
    const users = () => new UsersService(db.orm.em.fork(), clock);
    for (const end of [
      () => users().revokeSessions(admin, user.id),
      () => users().updateUser(admin, { userId: user.id, password: 'another long password' }),
      () => users().disableUser(admin, user.id),
    ]) {
      const session = memorySession();
      const password = (await db.orm.em.fork().count(AccountEvent, { userId: user.id, action: AccountAction.PASSWORD_CHANGED })) ? 'another long password' : PASSWORD;
      const { accessToken } = await sessions().login('revokee', password, session);
      expect(await authenticate()(bearer(accessToken))).toMatchObject({ subject: 'revokee', user: user.id });
      await end();
      await expect(authenticate()(bearer(accessToken))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(sessions().refresh(session)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('a token minted by `npm run token` (no account behind it) still works', async () => {
    const token = await mintToken(TEST_JWT_SECRET, { role: Role.REGULATOR, subject: 'script', level: EnforcementLevel.CITY, expiresInSeconds: 60 }, clock.now());
    expect(await authenticate()(bearer(token))).toEqual({ role: Role.REGULATOR, subject: 'script', level: EnforcementLevel.CITY });
    expect((await verifyToken(TEST_JWT_SECRET, token, { now: clock.now(), clockSkewMs: 0 })).epoch).toBeUndefined();
  });
});
