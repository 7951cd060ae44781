import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { databaseFailure } from '../db/database-failure';
import { DomainError } from '../shared/domain-error';
import { ScalarInputError } from './scalars';

/** How long a caller should wait before retrying while the database is unreachable. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/** The answer to a database failure: what the caller can act on, never the driver's message or SQL. */
function databaseError(error: unknown, formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const failure = databaseFailure(unwrapResolverError(error));
  if (failure === 'timeout') {
    return {
      message: 'The request took longer than the database allows one statement (statement timeout); narrow it or page through it',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'QUERY_TIMEOUT' },
    };
  }
  if (failure === 'unavailable') {
    return {
      message: 'The database is unreachable; retry shortly',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS },
    };
  }
  return undefined;
}

/**
 * The edge where domain errors become GraphQL errors: `extensions.code` from
 * the domain code, `extensions.field` naming the input at fault; a statement
 * timeout is QUERY_TIMEOUT and an unreachable database SERVICE_UNAVAILABLE.
 * Anything unexpected is an INTERNAL_SERVER_ERROR whose message, SQL and stack
 * stay in the log unless `debug` (DEBUG_ERRORS) is set, in every NODE_ENV.
 */
export function formatError({ debug }: { debug: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: original.code,
          ...(original.field ? { field: original.field.join('.') } : {}),
          ...original.details,
        },
      };
    }
    const scalarError = findScalarError(error);
    if (scalarError) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    const database = databaseError(error, formatted);
    if (database) return database;
    if (!debug && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}

/**
 * The `extensions.code` formatError gives an error: the domain's code, BAD_USER_INPUT for a scalar refused,
 * QUERY_TIMEOUT or SERVICE_UNAVAILABLE for the database, else the code GraphQL or Apollo set (INTERNAL_SERVER_ERROR when none).
 */
export function errorCode(error: GraphQLError): string {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original.code;
  if (findScalarError(error)) return 'BAD_USER_INPUT';
  const failure = databaseFailure(original);
  if (failure) return failure === 'timeout' ? 'QUERY_TIMEOUT' : 'SERVICE_UNAVAILABLE';
  return typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
}

function findScalarError(error: unknown): ScalarInputError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    if (current instanceof ScalarInputError) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}
