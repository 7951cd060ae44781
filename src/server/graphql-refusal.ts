import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** A request refused before the GraphQL server sees it. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  extensions?: Record<string, unknown>;
}

/**
 * Answers a request refused before the GraphQL server sees it (too large, too many requests,
 * malformed JSON, database unreachable) the way GraphQL answers: JSON with `errors[0].extensions.code`.
 */
export function refuse(res: ServerResponse, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  const retryAfter = extensions.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}

/**
 * A body that could not be read (body-parser's errors, and readJsonBody's in its terms) as a GraphQL error:
 * malformed JSON is 400, an oversized body 413, an unsupported charset or encoding 415; false for any other error.
 */
export function refuseBody(res: ServerResponse, error: { type?: string; status?: number; limit?: number }): boolean {
  if (error.type === 'entity.too.large') refuse(res, 413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${error.limit} bytes`, { maximum: error.limit });
  else if (error.type === 'entity.parse.failed') refuse(res, 400, 'BAD_REQUEST', 'The body is not valid JSON');
  else if (error.status === 415) refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON in UTF-8, sent as it is or compressed by gzip, deflate or br');
  else if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) refuse(res, error.status, 'BAD_REQUEST', 'The body could not be read');
  else return false;
  return true;
}

/** Body-parser failures on the REST routes as GraphQL errors, never Express's HTML page. */
export function bodyErrors(error: { type?: string; status?: number; limit?: number }, _req: Request, res: Response, next: NextFunction): void {
  if (!refuseBody(res, error)) next(error);
}

/** Whatever no route answered: logged, and answered as JSON without its message or stack. */
export function lastResort(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    logger.error({ err: error, path: req.path }, 'request failed');
    refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}
