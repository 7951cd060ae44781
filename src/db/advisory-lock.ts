import crypto from 'node:crypto';
import { Client } from 'pg';

/** The 64-bit advisory-lock key of a job (or of the log's integrator): the first 8 bytes of SHA-256("hazchem-ledger:job:<name>"), signed. */
export function jobLockKey(name: string): string {
  return crypto.createHash('sha256').update(`hazchem-ledger:job:${name}`).digest().readBigInt64BE(0).toString();
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Tries a session-level advisory lock on a dedicated connection, held until
 * `release()`. If the process dies, PostgreSQL drops the connection and the
 * lock with it. Returns null when another session holds it.
 */
export async function tryAdvisoryLock(connectionString: string, key: string, onError: (error: Error) => void): Promise<HeldLock | null> {
  const client = new Client({ connectionString, application_name: 'hazchem-ledger job lock' });
  client.on('error', onError);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [key]);
    if (!rows[0].locked) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    release: async () => {
      try {
        await client.query('select pg_advisory_unlock($1::bigint)', [key]);
      } finally {
        // Ending the session releases the lock even if the unlock failed.
        await client.end().catch(() => undefined);
      }
    },
  };
}
