import { DeadlockException } from '@mikro-orm/core';

/** serialization_failure and deadlock_detected: PostgreSQL rolled the transaction back, nothing of it was written. */
const RETRYABLE = new Set(['40001', '40P01']);

export function isSerializationFailure(error: unknown): boolean {
  if (error instanceof DeadlockException) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The first wait; each next one doubles, up to maxMs, with jitter so two colliding callers part. */
  baseMs: number;
  maxMs: number;
}

export const CONFLICT_RETRY: RetryPolicy = { attempts: 4, baseMs: 10, maxMs: 200 };

/**
 * Runs a whole transaction again when PostgreSQL aborted it for a serialization failure or a
 * deadlock, at most `attempts` times with a doubling, jittered wait. Safe only for a unit that is
 * the whole transaction (nothing of an aborted one remains) and has no effect outside the database;
 * the caller decides, and never wraps a unit inside an open transaction (a savepoint cannot be
 * retried past the outer transaction's failure). The last failure is thrown as it came.
 */
export async function retryOnConflict<T>(
  work: (attempt: number) => Promise<T>,
  policy: RetryPolicy = CONFLICT_RETRY,
  onRetry?: (error: unknown, attempt: number) => void,
  /** Which failures are run again; a caller may add its own whose transaction likewise wrote nothing. */
  retryable: (error: unknown) => boolean = isSerializationFailure,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      onRetry?.(error, attempt);
      const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}
