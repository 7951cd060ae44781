import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { paginate } from '../db/paginate';
import { BoundSql, preparedQuery } from '../db/raw-query';
import { DomainError, CommonCode } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { AuditOutcome, AuditRecord } from './audit-record.entity';
import { AccessError } from '../shared/domain-error';
import { assertReadsDeployment } from './jurisdiction';
import { assertRegulator } from './policy';
import { RegulatorRead } from './regulator-read.entity';
import { storableRequest } from './storable-request';
import { Role, Viewer } from './viewer';

export interface ReadLogFilter {
  subject?: string | null;
  /** Newest first, paging back in time (the console's trail); else oldest first. */
  newestFirst?: boolean | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditFilter extends ReadLogFilter {
  department?: string | null;
}

/**
 * Reads the partner audit trail: regulators of the whole district all of it (partners serve every town), a partner department its own rows (what it asked,
 * so it can answer for its queries). It is written by audit.plugin.ts and never changed.
 */
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  async auditLog(viewer: Viewer, filter: AuditFilter, page: PageArgs): Promise<Page<AuditRecord>> {
    const where = logWhere(filter);
    if (viewer.role === Role.PARTNER) {
      if (filter.department && filter.department !== viewer.department) throw AccessError.forbidden('A partner department reads only its own audit trail', ['department']);
      where.department = viewer.department;
    } else {
      assertRegulator(viewer);
      assertReadsDeployment(viewer, 'auditLog');
      if (filter.department) where.department = filter.department;
    }
    return paginate(this.em, AuditRecord, where as FilterQuery<AuditRecord>, page, { descending: filter.newestFirst === true });
  }

  /** Regulators' reads, oldest first unless newestFirst: administrators only (a regulator does not read who read what). */
  async regulatorReads(viewer: Viewer, filter: ReadLogFilter, page: PageArgs): Promise<Page<RegulatorRead>> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (viewer.role !== Role.ADMIN) throw AccessError.forbidden('Only an administrator reads the regulators\u2019 read log', ['regulatorReadLog']);
    return paginate(this.em, RegulatorRead, logWhere(filter) as FilterQuery<RegulatorRead>, page, { descending: filter.newestFirst === true });
  }
}

function logWhere(filter: ReadLogFilter): Record<string, unknown> {
  if (filter.from && filter.to && filter.to < filter.from) throw new DomainError(CommonCode.BAD_USER_INPUT, 'to must not be before from', ['to']);
  const where: Record<string, unknown> = {};
  if (filter.subject) where.subject = filter.subject;
  if (filter.from || filter.to) where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  return where;
}

/** One partner request as the audit trail keeps it (the GraphQL plugin and the REST edges write these). */
export interface PartnerRequest {
  at: Date;
  operationName: string | null;
  operationType: string | null;
  query: string;
  variables: Record<string, unknown>;
  rowsReturned: number;
  outcome: AuditOutcome;
  errorCodes: string[];
  requestId: string;
}

/** Writes a regulator's read (a query) with the enterprises it concerns; throws when it cannot be written. */
export async function recordRegulatorRead(em: EntityManager, viewer: Viewer, sent: PartnerRequest & { enterprises: string[] }): Promise<void> {
  if (viewer.role !== Role.REGULATOR) return;
  // A prepared INSERT, as for partners: it runs on every regulator query.
  await preparedQuery(em, 'hz_regulator_read_insert', `insert into "regulator_read_log" (${REGULATOR_READ_COLUMNS}) values (?, ?, ?, ?::enforcement_level, ?, ?, ?, ?::jsonb, ?, ?::text[], ?, ?::audit_outcome, ?::text[], ?)`, regulatorReadRow(viewer, sent));
}

const REGULATOR_READ_COLUMNS = 'at, subject, user_id, level, town, operation_name, query, variables, escaped, enterprises, rows_returned, outcome, error_codes, request_id';
const PARTNER_AUDIT_COLUMNS = 'at, subject, department, operation_name, operation_type, query, variables, escaped, rows_returned, outcome, error_codes, request_id';
/** partnerRowStart's values as an INSERT … SELECT binds them, each cast (its parameters have no type there). */
const PARTNER_ROW_START_CASTS = '?::timestamptz, ?::text, ?::text, ?::text, ?::text, ?::text, ?::jsonb, ?::boolean';

/** A regulator_read_log row's values, in REGULATOR_READ_COLUMNS' order. */
function regulatorReadRow(viewer: Extract<Viewer, { role: Role.REGULATOR }>, sent: PartnerRequest & { enterprises: string[] }): unknown[] {
  const request = storableRequest(sent);
  return [
    request.at,
    viewer.subject,
    viewer.user ?? null,
    viewer.level ?? null,
    viewer.town ?? null,
    request.operationName,
    request.query,
    JSON.stringify(request.variables),
    request.escaped,
    request.enterprises,
    request.rowsReturned,
    request.outcome,
    request.errorCodes,
    request.requestId,
  ];
}

/** A partner_audit_log row's values, in PARTNER_AUDIT_COLUMNS' order. */
function partnerAuditRow(viewer: Extract<Viewer, { role: Role.PARTNER }>, sent: PartnerRequest): unknown[] {
  const request = storableRequest(sent);
  return [...partnerRowStart(viewer, request), request.rowsReturned, request.outcome, request.errorCodes, request.requestId];
}

/**
 * The row recordRegulatorRead or recordPartnerRequest writes, as the INSERT of the statement that
 * reads the answer (`insert … select … from <source>`, a row when `source` has one; WriteInRead):
 * the same values, bound and each cast, since an INSERT … SELECT gives its parameters no type.
 * Null for a viewer whose requests are not audited.
 */
export function auditRowInsert(viewer: Viewer, sent: PartnerRequest & { enterprises: string[] }, source: string): BoundSql | null {
  if (viewer.role === Role.REGULATOR) {
    return {
      sql: `insert into "regulator_read_log" (${REGULATOR_READ_COLUMNS})
      select ?::timestamptz, ?::text, ?::text, ?::enforcement_level, ?::text, ?::text, ?::text, ?::jsonb, ?::boolean, ?::text[], ?::int, ?::audit_outcome, ?::text[], ?::text from ${source}`,
      bindings: regulatorReadRow(viewer, sent),
    };
  }
  if (viewer.role === Role.PARTNER) {
    return {
      sql: `insert into "partner_audit_log" (${PARTNER_AUDIT_COLUMNS})
      select ${PARTNER_ROW_START_CASTS}, ?::int, ?::audit_outcome, ?::text[], ?::text from ${source}`,
      bindings: partnerAuditRow(viewer, sent),
    };
  }
  return null;
}

/**
 * Writes the request's audit row when the viewer is a partner department; throws when it cannot be
 * written. One prepared INSERT: it runs on every partner request, where building it through the
 * ORM's query builder cost more than the read it audits.
 */
export async function recordPartnerRequest(em: EntityManager, viewer: Viewer, sent: PartnerRequest): Promise<void> {
  if (viewer.role !== Role.PARTNER) return;
  await preparedQuery(em, 'hz_partner_audit_insert', `insert into "partner_audit_log" (${PARTNER_AUDIT_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::audit_outcome, ?::text[], ?)`, partnerAuditRow(viewer, sent));
}

/**
 * The first eight columns of a partner_audit_log row, in the order every partner INSERT names them
 * (at, subject, department, operation_name, operation_type, query, variables, escaped).
 */
export function partnerRowStart(viewer: Extract<Viewer, { role: Role.PARTNER }>, request: Pick<PartnerRequest, 'at' | 'operationName' | 'operationType' | 'query' | 'variables'> & { escaped: boolean }): unknown[] {
  return [request.at, viewer.subject, viewer.department, request.operationName, request.operationType, request.query, JSON.stringify(request.variables), request.escaped];
}

/**
 * A partner's audit row as the INSERT of a compiled read's own statement (graphql/json-read.ts,
 * reading from `source`): outcome OK, and `rows_returned` the expression `rows`, the answer's rows as
 * rowsReturned counts them, which the compiler counts with each page. The plugin offers it only for a
 * query whose one root field is that read, so an answer without errors is exactly that read's.
 */
export function partnerAuditInsert(viewer: Extract<Viewer, { role: Role.PARTNER }>, sent: Omit<PartnerRequest, 'rowsReturned' | 'outcome' | 'errorCodes'>, source: string, rows: string): BoundSql {
  const request = storableRequest(sent);
  // The request's values are bound (the read is a prepared statement, one text per shape); every one is
  // cast, since an INSERT … SELECT gives its parameters no type.
  return {
    sql: `insert into "partner_audit_log" (${PARTNER_AUDIT_COLUMNS})
    select ${PARTNER_ROW_START_CASTS}, ${rows}, 'OK'::audit_outcome, '{}'::text[], ?::text from ${source}`,
    bindings: [...partnerRowStart(viewer, request), request.requestId],
  };
}
