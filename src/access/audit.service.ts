import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { paginate } from '../db/paginate';
import { DomainError, CommonCode } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { AuditOutcome, AuditRecord } from './audit-record.entity';
import { assertRegulator } from './policy';
import { Department, Role, Viewer } from './viewer';

export interface AuditFilter {
  department?: Department | null;
  subject?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Reads the partner audit trail; only regulators. It is written by audit.plugin.ts and never changed. */
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  async auditLog(viewer: Viewer, filter: AuditFilter, page: PageArgs): Promise<Page<AuditRecord>> {
    assertRegulator(viewer);
    if (filter.from && filter.to && filter.to < filter.from) {
      throw new DomainError(CommonCode.BAD_USER_INPUT, 'to must not be before from', ['to']);
    }
    const where: Record<string, unknown> = {};
    if (filter.department) where.department = filter.department;
    if (filter.subject) where.subject = filter.subject;
    if (filter.from || filter.to) {
      where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    }
    return paginate(this.em, AuditRecord, where as FilterQuery<AuditRecord>, page);
  }
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

/** Writes the request's audit row when the viewer is a partner department; throws when it cannot be written. */
export async function recordPartnerRequest(em: EntityManager, viewer: Viewer, request: PartnerRequest): Promise<void> {
  if (viewer.role !== Role.PARTNER) return;
  await em.fork().insert(AuditRecord, { ...request, subject: viewer.subject, department: viewer.department } as AuditRecord);
}
