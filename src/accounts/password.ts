import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing one is no denial of service. */
export const MAX_PASSWORD_LENGTH = 256;
/** Names shorter than this are not looked for inside a password: a two-letter name would forbid too much. */
const MIN_NAME_IN_PASSWORD = 3;

/**
 * Why a password is refused, or null: too short or too long, or holding the
 * user's own login or display name (case-insensitive). Pure.
 */
export function passwordProblem(password: string, names: readonly string[]): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `A password has at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  for (const name of names) {
    const n = name.trim().toLowerCase();
    if ([...n].length >= MIN_NAME_IN_PASSWORD && lower.includes(n)) return 'A password must not contain the login name or the display name';
  }
  return null;
}

/** Argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's minimum), as a PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password);
}

let decoy: Promise<string> | undefined;

/**
 * Spends what a real check spends when no user has the name, so a wrong name
 * and a wrong password take the same time.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password never matched');
  await verify(await decoy, password);
  return false;
}
