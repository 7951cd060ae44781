import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationDefinitionNode } from 'graphql';
import type { Context } from '../graphql/context';
import { answerInsert, answerRow, isAudited, recordAnswer } from './answer-audit';
import { partnerAuditInsert } from './audit.service';
import { Role } from './viewer';

/**
 * Writes one append-only partner_audit_log row for every PARTNER request, and
 * one regulator_read_log row for every REGULATOR query (with the enterprises it
 * concerns), before the response goes out: who, operation, variables, time (the
 * context's clock), rows returned and outcome. If the row cannot be written,
 * the caller gets no data: an unaudited answer is never served. Subscriptions'
 * events are written the same way (server/subscriptions.ts).
 *
 * A query whose one root field a compiled read answers (a partner's) or a read
 * knowing its answer in advance (an entry proof, a partner's or a regulator's)
 * has its row written by that read's own statement (`auditInRead`): one round
 * trip and one commit instead of two, the row still durable before the answer
 * goes out. Should the answer carry an error all the same (a value graphql-js
 * refuses), the row of the answer as served is written here as well.
 */
export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const viewer = contextValue.viewer;
      if (!isAudited(viewer)) return;
      let writtenByRead = false;
      return {
        async didResolveOperation({ request, operation }) {
          if (!operation || !oneRootField(operation)) return;
          const sent = () => ({
            at: contextValue.clock.now(),
            operationName: request.operationName ?? operation.name?.value ?? null,
            operationType: operation.operation,
            query: request.query ?? '',
            variables: (request.variables ?? {}) as Record<string, unknown>,
            requestId: contextValue.requestId,
          });
          // A read routed to a replica cannot write: its row is written here, on the primary. Asked when the read
          // runs: the read routing's didResolveOperation, run alongside this one, moves the context to a replica
          // only once it has awaited its choice.
          const writes = () => !contextValue.primaryEm;
          contextValue.auditInRead = {
            // A compiled read's row counts its rows in SQL; a regulator's names the enterprises its answer holds, which SQL does not walk.
            insert: (source, rows) => (writes() && viewer.role === Role.PARTNER ? partnerAuditInsert(viewer, sent(), source, rows) : null),
            insertAnswer: (source, data) => (writes() ? answerInsert(viewer, answerRow(sent(), { data }), data, source) : null),
            written: () => {
              writtenByRead = true;
            },
          };
        },
        async willSendResponse({ request, response, operation, logger }) {
          if (response.body.kind !== 'single') return;
          if (writtenByRead && !response.body.singleResult.errors?.length) return;
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

/** A query of exactly one root field, without directives or fragments: its answer is that field's value alone. */
function oneRootField(operation: OperationDefinitionNode): boolean {
  const selections = operation.selectionSet.selections;
  return operation.operation === 'query' && selections.length === 1 && selections[0].kind === Kind.FIELD && !selections[0].directives?.length;
}
