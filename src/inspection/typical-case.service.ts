import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { Clock } from '../shared/clock';
import { CommonCode } from '../shared/domain-error';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { Inspection } from './inspection.entity';
import { InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { checkId, requireStatus } from './inspection-rules';
import { PenaltyDecision } from './penalty-decision.entity';
import { TypicalCase } from './typical-case.entity';

const CSV_COLUMNS = ['case_id', 'title', 'enterprise', 'credit_code', 'inspection_code', 'inspection_type', 'closed_on', 'penalized', 'legal_basis', 'amount_yuan', 'no_penalty_reason', 'summary', 'significance', 'reported_on'];

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =,+,-,@ is neutralised for spreadsheets. */
function csvField(value: string | number | boolean | null | undefined): string {
  let text = value == null ? '' : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Typical cases (典型案例): a regulator writes up a CLOSED inspection (its
 * penalty decision recorded, so the case is complete), reports it to the city
 * once, and exports the year's cases as CSV for the city's collection.
 */
export class TypicalCaseService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async record(viewer: Viewer, input: { inspectionId: string; title: string; summary: string; significance: string }): Promise<TypicalCase> {
    assertRegulator(viewer);
    const field = ['input', 'inspectionId'];
    checkId(input.inspectionId, field);
    const fields = {
      title: requiredText(input.title, ['input', 'title'], 200),
      summary: requiredText(input.summary, ['input', 'summary'], 8000),
      significance: requiredText(input.significance, ['input', 'significance'], 2000),
    };
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await em.findOne(Inspection, { id: input.inspectionId });
        if (!inspection) throw InspectionError.inspectionNotFound(input.inspectionId, field);
        requireStatus(inspection, [InspectionStatus.CLOSED], 'recording a typical case', field);
        const typical = em.create(TypicalCase, { ...fields, inspection, recordedBy: viewer.subject!, recordedAt: this.clock.now() } as never);
        await em.flush();
        return typical;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw InspectionError.conflict(`Inspection ${input.inspectionId} is already a typical case`, field);
      throw error;
    }
  }

  async report(viewer: Viewer, id: string): Promise<TypicalCase> {
    assertRegulator(viewer);
    checkId(id, ['id']);
    return this.em.transactional(async (em) => {
      const typical = await em.findOne(TypicalCase, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!typical) throw new InspectionError(CommonCode.NOT_FOUND, `No typical case ${id}`, ['id']);
      if (typical.reportedAt) throw InspectionError.conflict(`Typical case ${id} was reported on ${shanghaiDate(typical.reportedAt)}`, ['id']);
      typical.reportedAt = this.clock.now();
      return typical;
    });
  }

  /** The year's typical cases (by the inspection's year) as CSV, one line each, header first. */
  async exportCsv(viewer: Viewer, year: number): Promise<string> {
    assertRegulator(viewer);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw InspectionError.invalid(['year'], 'year must be between 2000 and 2100');
    const cases = await this.em.find(TypicalCase, { inspection: { year } }, { orderBy: { id: 'asc' }, populate: ['inspection.enterprise'] });
    const decisions = cases.length === 0 ? [] : await this.em.find(PenaltyDecision, { inspection: { $in: cases.map((c) => c.inspection.id) } });
    const lines = cases.map((c) => {
      const i = c.inspection;
      const d = decisions.find((x) => x.inspection.id === i.id);
      return [c.id, c.title, i.enterprise.name, i.enterprise.creditCode, i.code, i.type, i.closedAt ? shanghaiDate(i.closedAt) : null, d?.penalized ?? null, d?.legalBasis, d?.amountYuan, d?.noPenaltyReason, c.summary, c.significance, c.reportedAt ? shanghaiDate(c.reportedAt) : null]
        .map(csvField)
        .join(',');
    });
    return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
  }
}
