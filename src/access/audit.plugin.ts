import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../graphql/context';
import { answerRow, isAudited, recordAnswer } from './answer-audit';
import { Role } from './viewer';

/**
 * Writes one append-only partner_audit_log row for every PARTNER request, and
 * one regulator_read_log row for every REGULATOR query (with the enterprises it
 * concerns), before the response goes out: who, operation, variables, time (the
 * context's clock), rows returned and outcome. If the row cannot be written,
 * the caller gets no data: an unaudited answer is never served. Subscriptions'
 * events are written the same way (server/subscriptions.ts).
 */
export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const viewer = contextValue.viewer;
      if (!isAudited(viewer)) return;
      return {
        async willSendResponse({ request, response, operation, logger }) {
          if (response.body.kind !== 'single') return;
          // A regulator's writes are in their own histories; its reads (queries) are audited here.
          if (viewer.role === Role.REGULATOR && operation?.operation !== 'query') return;
          const result = response.body.singleResult;
          const row = answerRow(
            {
              at: contextValue.clock.now(),
              operationName: request.operationName ?? operation?.name?.value ?? null,
              operationType: operation?.operation ?? null,
              query: request.query ?? '',
              variables: (request.variables ?? {}) as Record<string, unknown>,
              requestId: contextValue.requestId,
            },
            result as never,
          );
          try {
            await recordAnswer(contextValue.primaryEm ?? contextValue.em, viewer, row, result.data);
          } catch (error) {
            logger.error(`audit write failed: ${(error as Error).message}`);
            response.body.singleResult = {
              data: null,
              errors: [new GraphQLError('The request could not be audited, so it is not answered', { extensions: { code: 'AUDIT_UNAVAILABLE' } }).toJSON()],
            };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
