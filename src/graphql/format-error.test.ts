import { DriverException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { formatError } from './format-error';

const driverError = (code: string, message: string) => new DriverException(Object.assign(new Error(message), { code }));
const asResolverError = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['chemicals'] });
const formatted = (error: GraphQLError) => ({ message: error.message, path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });

describe('formatError', () => {
  it('keeps an internal message and its SQL in the log unless DEBUG_ERRORS', () => {
    const error = asResolverError(driverError('22021', 'insert into "enterprise" … invalid byte sequence for encoding "UTF8": 0x00'));
    expect(formatError({ debug: false })(formatted(error), error)).toEqual({ message: 'Internal server error', path: ['chemicals'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(formatError({ debug: true })(formatted(error), error).message).toContain('invalid byte sequence');
  });

  it('a statement cancelled by statement_timeout is QUERY_TIMEOUT, without the SQL', () => {
    const error = asResolverError(driverError('57014', 'select … - canceling statement due to statement timeout'));
    const answer = formatError({ debug: false })(formatted(error), error);
    expect(answer.extensions).toEqual({ code: 'QUERY_TIMEOUT' });
    expect(answer.message).not.toContain('select');
  });

  it('an unreachable database is SERVICE_UNAVAILABLE with a retry delay, without the driver message', () => {
    const error = asResolverError(driverError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:54329'));
    const answer = formatError({ debug: false })(formatted(error), error);
    expect(answer.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(answer.message).not.toContain('ECONNREFUSED');
  });
});
