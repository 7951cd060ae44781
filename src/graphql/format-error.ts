import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError } from '../shared/domain-error';
import { ScalarInputError } from './scalars';

/**
 * The edge where domain errors become GraphQL errors: `extensions.code` from
 * the domain code, `extensions.field` naming the input at fault. Anything
 * unexpected is an INTERNAL_SERVER_ERROR whose details stay in the log in
 * production.
 */
export function formatError(production: boolean) {
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
    if (production && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}

/**
 * The `extensions.code` formatError gives an error: the domain's code, BAD_USER_INPUT for a scalar refused,
 * else the code GraphQL or Apollo set (INTERNAL_SERVER_ERROR when none).
 */
export function errorCode(error: GraphQLError): string {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original.code;
  if (findScalarError(error)) return 'BAD_USER_INPUT';
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
