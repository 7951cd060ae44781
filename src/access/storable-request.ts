/**
 * PostgreSQL cannot store two things a caller can send: NUL (in text or jsonb) and a lone UTF-16
 * surrogate (jsonb refuses its escape; text would keep U+FFFD instead). A request holding one is
 * still refused by the text policy with BAD_USER_INPUT naming the field, and its audit row must be
 * written all the same, or the refusal becomes AUDIT_UNAVAILABLE. Such a row is kept escaped:
 * every backslash doubled and each NUL or lone surrogate written as \uXXXX, in the operation name,
 * the document and every string and key of the variables, with `escaped` true. The rule is the
 * same for every string of the row, so what was sent is read back exactly by undoing it.
 */
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const ESCAPED = /[\\\u0000\p{Cs}]/gu;

function escape(text: string): string {
  return text.replace(ESCAPED, (char) => (char === '\\' ? '\\\\' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsUnstorable);
  return Object.entries(value).some(([key, item]) => UNSTORABLE.test(key) || holdsUnstorable(item));
}

function escapeJson(value: unknown): unknown {
  if (typeof value === 'string') return escape(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(escapeJson);
  // fromEntries defines each key as its own property: a "__proto__" key stays data.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [escape(key), escapeJson(item)]));
}

export interface RequestText {
  operationName: string | null;
  query: string;
  variables: Record<string, unknown>;
}

/** The request's text as its audit row can hold it: unchanged with `escaped` false, or escaped throughout. */
export function storableRequest<T extends RequestText>(request: T): T & { escaped: boolean } {
  const unstorable = UNSTORABLE.test(request.query) || (request.operationName !== null && UNSTORABLE.test(request.operationName)) || holdsUnstorable(request.variables);
  if (!unstorable) return { ...request, escaped: false };
  return {
    ...request,
    operationName: request.operationName === null ? null : escape(request.operationName),
    query: escape(request.query),
    variables: escapeJson(request.variables) as Record<string, unknown>,
    escaped: true,
  };
}

