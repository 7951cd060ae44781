import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { describeViewer } from '../access/viewer';
import type { Context } from './context';

/** One structured log line per GraphQL request: operation, duration, caller, outcome. */
export function loggingPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, errors }) {
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          const codes = (errors ?? []).map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? request.operationName ?? null,
              durationMs: Math.round(durationMs * 100) / 100,
              caller: describeViewer(contextValue.viewer),
              status: response.http.status ?? 200,
              errors: codes.length ? codes : undefined,
            },
            'graphql request',
          );
          for (const error of errors ?? []) {
            if (!error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
              logger.error({ requestId: contextValue.requestId, err: error.originalError ?? error }, 'unexpected error');
            }
          }
        },
      };
    },
  };
}
