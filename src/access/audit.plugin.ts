import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../graphql/context';
import { AuditOutcome } from './audit-record.entity';
import { recordPartnerRequest } from './audit.service';
import { rowsReturned } from './rows-returned';
import { Role } from './viewer';

const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/**
 * Writes one append-only partner_audit_log row for every PARTNER request
 * before its response goes out: who, department, operation, variables, time
 * (the context's clock), rows returned and outcome. If the row cannot be
 * written, the partner gets no data: an unaudited answer is never served.
 */
export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.viewer.role !== Role.PARTNER) return;
      const viewer = contextValue.viewer;
      return {
        async willSendResponse({ request, response, operation, logger }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const errorCodes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const rows = rowsReturned(result.data as Record<string, unknown> | null | undefined);
          const outcome = outcomeOf(result.data, errorCodes);
          try {
            await recordPartnerRequest(contextValue.em, viewer, {
              at: contextValue.clock.now(),
              operationName: request.operationName ?? operation?.name?.value ?? null,
              operationType: operation?.operation ?? null,
              query: request.query ?? '',
              variables: withoutPasswords((request.variables ?? {}) as Record<string, unknown>),
              rowsReturned: rows,
              outcome,
              errorCodes,
              requestId: contextValue.requestId,
            });
          } catch (error) {
            logger.error(`partner audit write failed: ${(error as Error).message}`);
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

function outcomeOf(data: unknown, errorCodes: string[]): AuditOutcome {
  const served = data !== null && data !== undefined && Object.values(data as object).some((v) => v !== null);
  if (errorCodes.length === 0) return AuditOutcome.OK;
  if (served) return AuditOutcome.PARTIAL;
  return errorCodes.every((c) => REFUSALS.has(c)) ? AuditOutcome.REFUSED : AuditOutcome.FAILED;
}

/** A password sent as a variable (login, createUser) is never kept in the audit trail. */
function withoutPasswords(variables: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(variables), (key, value) => (/password/i.test(key) && typeof value === 'string' ? '[redacted]' : value));
}
