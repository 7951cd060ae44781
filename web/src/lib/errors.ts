import type { CombinedError } from 'urql';
import type { MessageId } from './messages';

/** One GraphQL error as the API formats it: its code and, when an input was at fault, that input's path ("entries.0.quantity"). */
export interface ApiProblem {
  code: string;
  field?: string;
  message: string;
  /** The error's other extensions (INSUFFICIENT_STOCK: available, requested). */
  details?: Record<string, unknown>;
}

export function problemsOf(error: CombinedError | undefined): ApiProblem[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0) return [{ code: 'NETWORK', message: error.networkError.message }];
  return error.graphQLErrors.map((e) => ({
    code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR',
    field: typeof e.extensions?.field === 'string' ? e.extensions.field : undefined,
    message: e.message,
    details: e.extensions,
  }));
}

const KNOWN = new Set(['INSUFFICIENT_STOCK', 'BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'RATE_LIMITED', 'NETWORK']);

/** The message id that names a code in the user's language ("error" for codes the console has no words for). */
export const codeMessage = (code: string): MessageId => (KNOWN.has(code) ? (`code${code}` as MessageId) : 'error');

/** A problem in the user's language: the code's words, then the API's own message, which names values (INSUFFICIENT_STOCK says it all in Chinese). */
export function describeProblem(problem: ApiProblem, t: (id: MessageId, values?: Record<string, string | number>) => string): string {
  if (problem.code === 'INSUFFICIENT_STOCK') {
    return t('codeINSUFFICIENT_STOCK', { available: String(problem.details?.available ?? '?'), requested: String(problem.details?.requested ?? '?') });
  }
  return `${t(codeMessage(problem.code))}：${problem.message}`;
}

/**
 * Problems as Ant Design form field errors: the last segment of the API's
 * field path names the form field (entries.0.quantity → quantity); problems
 * naming no field of the form are returned apart, for an Alert.
 */
export function formErrors<F extends string>(problems: ApiProblem[], fields: readonly F[], say: (p: ApiProblem) => string) {
  const onFields: { name: F; errors: string[] }[] = [];
  const rest: ApiProblem[] = [];
  for (const problem of problems) {
    const name = fields.find((f) => f === problem.field?.split('.').pop());
    if (name) onFields.push({ name, errors: [say(problem)] });
    else rest.push(problem);
  }
  return { onFields, rest };
}
