import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { documentLimitError, DocumentLimits } from '../graphql/document-limits';
import { refuse } from './graphql-refusal';

/** Documents whose verdict is kept: what clients send is a handful of fixed texts. */
const KEPT_VERDICTS = 500;

/**
 * Refuses a document over the size, token, field or alias limits before Apollo parses, validates or costs it.
 * The verdict on a text within the size limit is kept (the oldest dropped past KEPT_VERDICTS): the same
 * mutation sent again is not lexed and parsed a second time before Apollo's own cache answers it.
 */
export function documentGuard(limits: DocumentLimits): RequestHandler {
  const verdicts = new Map<string, ReturnType<typeof documentLimitError>>();
  const verdict = (query: string) => {
    if (query.length > limits.maxChars) return documentLimitError(query, limits);
    if (verdicts.has(query)) return verdicts.get(query);
    const error = documentLimitError(query, limits);
    if (verdicts.size >= KEPT_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(query, error);
    return error;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    const error = typeof query === 'string' ? verdict(query) : undefined;
    if (!error) return next();
    const { http: _http, code, ...details } = error.extensions as { http?: unknown; code: string };
    refuse(res, 400, code, error.message, details);
  };
}
