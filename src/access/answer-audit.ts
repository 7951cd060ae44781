import { EntityManager } from '@mikro-orm/postgresql';
import { AuditOutcome } from './audit-record.entity';
import type { BoundSql } from '../db/raw-query';
import { auditRowInsert, PartnerRequest, recordPartnerRequest, recordRegulatorRead } from './audit.service';
import { enterprisesNamed } from './enterprises-named';
import { rowsReturned } from './rows-returned';
import { Role, Viewer } from './viewer';

const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/** A GraphQL answer as the audit trail reads it (a query's, or one event of a subscription). */
export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }>;
}

/** Whether the viewer's answers are audited: a partner's every request, a regulator's reads. */
export function isAudited(viewer: Viewer): boolean {
  return viewer.role === Role.PARTNER || viewer.role === Role.REGULATOR;
}

/** The audit row of a GraphQL answer: its rows, outcome and error codes, the variables without passwords. */
export function answerRow(request: Omit<PartnerRequest, 'rowsReturned' | 'outcome' | 'errorCodes'>, answer: Answer): PartnerRequest {
  const errorCodes = (answer.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
  return { ...request, variables: withoutPasswords(request.variables), rowsReturned: rowsReturned(answer.data), outcome: outcomeOf(answer.data, errorCodes), errorCodes };
}

/**
 * Writes the row of an answer about to be served, in the trail the viewer's role keeps: a partner's in
 * partner_audit_log, a regulator's (a read) in regulator_read_log with the enterprises it concerns;
 * throws when it cannot be written, so the caller serves nothing.
 */
export async function recordAnswer(em: EntityManager, viewer: Viewer, row: PartnerRequest, answer: unknown): Promise<void> {
  if (viewer.role === Role.PARTNER) await recordPartnerRequest(em, viewer, row);
  else if (viewer.role === Role.REGULATOR) await recordRegulatorRead(em, viewer, { ...row, enterprises: enterprisesNamed(row.variables, answer) });
}

/** recordAnswer's row as the INSERT of the statement reading the answer (auditRowInsert): the same values, for an answer known before it is read. */
export function answerInsert(viewer: Viewer, row: PartnerRequest, answer: unknown, source: string): BoundSql | null {
  return auditRowInsert(viewer, { ...row, enterprises: viewer.role === Role.REGULATOR ? enterprisesNamed(row.variables, answer) : [] }, source);
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
