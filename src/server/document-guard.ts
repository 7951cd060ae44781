import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { documentLimitError, DocumentLimits } from '../graphql/document-limits';
import { refuse } from './graphql-refusal';

/** Refuses a document over the size, token, field or alias limits before Apollo parses, validates or costs it. */
export function documentGuard(limits: DocumentLimits): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    const error = typeof query === 'string' ? documentLimitError(query, limits) : undefined;
    if (!error) return next();
    const { http: _http, code, ...details } = error.extensions as { http?: unknown; code: string };
    refuse(res, 400, code, error.message, details);
  };
}
