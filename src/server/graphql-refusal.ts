import type { Response } from 'express';

/**
 * Answers a request refused before the GraphQL server sees it (too large, too many requests,
 * malformed JSON, database unreachable) the way GraphQL answers: JSON with `errors[0].extensions.code`.
 */
export function refuse(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  const retryAfter = extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}
