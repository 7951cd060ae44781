/**
 * What a database failure means for the caller, told by its code (never its message):
 * a statement cancelled by statement_timeout, or a database that cannot be reached now.
 */
export type DatabaseFailure = 'timeout' | 'unavailable';

/** query_canceled: statement_timeout fired. */
const TIMEOUT = '57014';
/** The socket could not connect or broke; the server is shutting down, starting, or refused the connection. */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = codeOf(error);
  if (code === TIMEOUT) return 'timeout';
  if (code && UNAVAILABLE.has(code)) return 'unavailable';
  // knex gave up waiting for a pooled connection: the database is not answering (or is saturated).
  if (error.name === 'KnexTimeoutError') return 'unavailable';
  return undefined;
}
