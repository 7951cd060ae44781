import type { CombinedError } from 'urql';
import type { MessageId } from './messages';

/** One GraphQL error as the API formats it: its code and, when an input was at fault, that input's path ("entries.0.quantity"). */
export interface ApiProblem {
  code: string;
  field?: string;
  message: string;
}

export function problemsOf(error: CombinedError | undefined): ApiProblem[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0) return [{ code: 'NETWORK', message: error.networkError.message }];
  return error.graphQLErrors.map((e) => ({
    code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR',
    field: typeof e.extensions?.field === 'string' ? e.extensions.field : undefined,
    message: e.message,
  }));
}

const KNOWN = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT', 'RATE_LIMITED', 'NETWORK']);

/** The message id that names a code in the user's language ("error" for codes the console has no words for). */
export const codeMessage = (code: string): MessageId => (KNOWN.has(code) ? (`code${code}` as MessageId) : 'error');

/**
 * Problems as Ant Design form field errors: the last segment of the API's
 * field path names the form field (entries.0.quantity → quantity); problems
 * naming no field of the form are returned apart, for an Alert.
 */
export function formErrors(problems: ApiProblem[], fields: readonly string[], say: (p: ApiProblem) => string) {
  const onFields: { name: string; errors: string[] }[] = [];
  const rest: ApiProblem[] = [];
  for (const problem of problems) {
    const name = problem.field?.split('.').pop();
    if (name && fields.includes(name)) onFields.push({ name, errors: [say(problem)] });
    else rest.push(problem);
  }
  return { onFields, rest };
}
