import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Answers a request refused before the GraphQL server sees it (too large, too many requests,
 * malformed JSON, database unreachable) the way GraphQL answers: JSON with `errors[0].extensions.code`.
 */
export function refuse(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  const retryAfter = extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** Body-parser failures as GraphQL errors: malformed JSON is 400, an oversized body 413, never Express's HTML page. */
export function bodyErrors(error: { type?: string; status?: number; limit?: number }, _req: Request, res: Response, next: NextFunction): void {
  if (error.type === 'entity.too.large') return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${error.limit} bytes`, { maximum: error.limit });
  if (error.type === 'entity.parse.failed') return refuse(res, 400, 'BAD_REQUEST', 'The body is not valid JSON');
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) return refuse(res, error.status, 'BAD_REQUEST', 'The body could not be read');
  next(error);
}

/** Whatever no route answered: logged, and answered as JSON without its message or stack. */
export function lastResort(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    logger.error({ err: error, path: req.path }, 'request failed');
    refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}
