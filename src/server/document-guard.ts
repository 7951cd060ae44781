import { documentLimitError, DocumentLimits } from '../graphql/document-limits';
import type { Refusal } from './graphql-refusal';

/** Documents whose verdict is kept: what clients send is a handful of fixed texts. */
const KEPT_VERDICTS = 500;

/**
 * Refuses a document over the size, token, field or alias limits before Apollo parses, validates or costs it.
 * The verdict on a text within the size limit is kept (the oldest dropped past KEPT_VERDICTS): the same
 * mutation sent again is not lexed and parsed a second time before Apollo's own cache answers it.
 * A query that is not a string is left to Apollo to refuse.
 */
export function documentGuard(limits: DocumentLimits): (query: unknown) => Refusal | undefined {
  const verdicts = new Map<string, Refusal | undefined>();
  const judge = (query: string): Refusal | undefined => {
    const error = documentLimitError(query, limits);
    if (!error) return undefined;
    const { http: _http, code, ...details } = error.extensions as { http?: unknown; code: string };
    return { status: 400, code, message: error.message, extensions: details };
  };
  return (query) => {
    if (typeof query !== 'string') return undefined;
    if (query.length > limits.maxChars) return judge(query);
    if (verdicts.has(query)) return verdicts.get(query);
    const verdict = judge(query);
    if (verdicts.size >= KEPT_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(query, verdict);
    return verdict;
  };
}
