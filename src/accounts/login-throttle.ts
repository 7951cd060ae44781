import { EntityManager } from '@mikro-orm/postgresql';
import { SignInOutcome } from './accounts.enums';
import { SignIn } from './sign-in.entity';

export const MAX_FAILURES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const FAILURES = [SignInOutcome.WRONG_CREDENTIALS, SignInOutcome.DISABLED];

/**
 * Takes the transaction-level advisory locks of a login name and an address
 * (in one order, so two attempts never wait on each other crosswise): attempts
 * for the same name or from the same address are counted one after another.
 */
export async function lockAttempts(em: EntityManager, loginName: string, address: string): Promise<void> {
  const keys = [`sign-in:name:${loginName}`, `sign-in:address:${address}`].sort();
  for (const key of keys) await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
}

/**
 * Seconds until a login may be tried, or null when it may be now: once a
 * login name, or an address, has failed 10 times within a minute, it waits
 * until the oldest of those 10 is a minute old. Counted from sign_in, so every
 * server process sees the same count. Refused attempts are not failures: a
 * flood does not push the wait out.
 */
export async function loginRetryAfter(em: EntityManager, loginName: string, address: string, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const tenthLatest = (where: { loginName: string } | { address: string }) =>
    em.findOne(SignIn, { ...where, outcome: { $in: FAILURES }, at: { $gt: since } }, { orderBy: { at: 'desc', id: 'desc' }, offset: MAX_FAILURES_PER_MINUTE - 1, fields: ['at'] });
  const [byName, byAddress] = await Promise.all([tenthLatest({ loginName }), tenthLatest({ address })]);
  const until = Math.max(byName ? byName.at.getTime() + WINDOW_MS : 0, byAddress ? byAddress.at.getTime() + WINDOW_MS : 0);
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : null;
}
