import { CommonCode, DomainError } from '../shared/domain-error';

/** An EPCIS 2.0 REST error: RFC 7807 problem details with an `epcisException:` type, plus the domain code and field. */
export interface EpcisProblem {
  type: string;
  title: string;
  status: number;
  code: string;
  field?: string;
  [extra: string]: unknown;
}

const SECURITY = 'epcisException:SecurityException';

/** The problem a refusal is; `invalid` is the exception a bad input raises at this endpoint (query or capture). */
export function problemOf(error: unknown, invalid: 'QueryParameterException' | 'ValidationException'): EpcisProblem {
  if (!(error instanceof DomainError)) {
    return { type: 'epcisException:ImplementationException', title: 'The server could not answer', status: 500, code: 'INTERNAL_SERVER_ERROR' };
  }
  const [type, status] =
    error.code === CommonCode.UNAUTHENTICATED
      ? [SECURITY, 401]
      : error.code === CommonCode.FORBIDDEN
        ? [SECURITY, 403]
        : error.code === CommonCode.NOT_FOUND && invalid === 'QueryParameterException'
          ? ['epcisException:NoSuchResourceException', 404]
          : invalid === 'ValidationException' && error.details?.maximum !== undefined
            ? ['epcisException:CaptureLimitExceededException', 413]
          : error.code === CommonCode.CONFLICT
            ? [`epcisException:${invalid}`, 409]
            : [`epcisException:${invalid}`, 400];
  return {
    type,
    title: error.message,
    status,
    code: error.code,
    ...(error.field ? { field: error.field.join('.') } : {}),
    ...error.details,
  };
}
