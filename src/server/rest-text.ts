import type { NextFunction, Request, Response } from 'express';
import { CommonCode, DomainError } from '../shared/domain-error';
import { acceptJsonText, acceptText, LINE_TEXT } from '../shared/text-policy';

/** A refusal of a REST request's text, as the REST routes answer refusals: 400 `{code, field, message}`. */
export function refuseText(res: Response, error: DomainError): void {
  res.status(400).json({ code: error.code, field: error.field?.join('.') ?? null, message: error.message, ...error.details });
}

/**
 * The text policy (src/shared/text-policy.ts) for what every REST route reads before its body: the
 * path's segments and the query string, as lines (an EPCIS query lists many event IDs in one value; Node
 * bounds the whole URL at 16 KB). GraphQL is left to its own arguments' policy
 * (a GET's `query` is a document, with line breaks). Bodies are each route's, checked after parsing.
 */
export function restTextGuard(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/graphql' || req.path.startsWith('/graphql/')) return next();
  try {
    req.path.split('/').forEach((segment, i) => acceptText(decodeSegment(segment, i), LINE_TEXT, ['path', i]));
    acceptJsonText(req.query, ['query'], () => LINE_TEXT);
  } catch (error) {
    if (error instanceof DomainError) return refuseText(res, error);
    throw error;
  }
  next();
}

function decodeSegment(segment: string, i: number): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DomainError(CommonCode.BAD_USER_INPUT, `path segment ${i} is not percent-encoded UTF-8`, ['path', i]);
  }
}
