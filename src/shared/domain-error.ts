/** Path of an input field, e.g. ['input', 'entries', 3, 'quantity']: what an error names. */
export type FieldPath = ReadonlyArray<string | number>;

/** The path of a field of a mutation's `input` argument, e.g. inputField('entries', 3, 'quantity'). */
export function inputField(...path: Array<string | number>): FieldPath {
  return ['input', ...path];
}

/**
 * The base of every domain's error. Services throw these; the GraphQL edge
 * (src/graphql/format-error.ts) maps `code` to `extensions.code`, so services
 * never import GraphQL.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Path of the offending input, e.g. ['input', 'entries', 3, 'quantity']. */
    readonly field?: FieldPath,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Codes shared by every domain; domains add their own. */
export enum CommonCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
}

export class AccessError extends DomainError {
  static unauthenticated(message = 'Authentication required: send a valid Bearer token'): AccessError {
    return new AccessError(CommonCode.UNAUTHENTICATED, message);
  }

  static forbidden(message: string, field?: FieldPath): AccessError {
    return new AccessError(CommonCode.FORBIDDEN, message, field);
  }
}
