import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { Context } from './context';
import { errorCode } from './format-error';

/** One structured log line per GraphQL request: operation, duration, caller, outcome. */
export function loggingPlugin(logger: Logger, describeCaller: (context: Context) => string): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, errors }) {
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          // The errors as raised, before formatError: a domain refusal carries its code on the original error.
          const codes = (errors ?? []).map(errorCode);
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? request.operationName ?? null,
              durationMs: Math.round(durationMs * 100) / 100,
              caller: describeCaller(contextValue),
              status: response.http.status ?? 200,
              errors: codes.length ? codes : undefined,
            },
            'graphql request',
          );
          (errors ?? []).forEach((error, i) => {
            if (codes[i] === 'INTERNAL_SERVER_ERROR') logger.error({ requestId: contextValue.requestId, err: error.originalError ?? error }, 'unexpected error');
          });
        },
      };
    },
  };
}
