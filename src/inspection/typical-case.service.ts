import { FilterQuery, LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { areaTown } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { EnforcementLevel } from '../registry/registry.enums';
import { Clock } from '../shared/clock';
import { AccessError, CommonCode, FieldPath, inputField } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { requiredText } from '../shared/text-input';
import { Inspection } from './inspection.entity';
import { InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { assertInspectionJurisdiction, checkId, requireStatus } from './inspection-rules';
import { TypicalCase, TypicalCaseStatus } from './typical-case.entity';

export interface TypicalCaseText {
  title?: string | null;
  summary?: string | null;
  significance?: string | null;
}

const LIMITS = { title: 200, summary: 8000, significance: 2000 } as const;

/**
 * Typical cases (典型案例, 二十五): the level that closed an inspection writes it
 * up and reports it to the city; a CITY regulator — not the one who reported
 * it — accepts it into the city's collection or returns it with the reason;
 * a returned case is revised and reported again. The collection
 * (`typicalCases(status: ACCEPTED)`) is a connection, exported by POST /export.
 */
export class TypicalCaseService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async record(viewer: Viewer, input: { inspectionId: string; title: string; summary: string; significance: string }): Promise<TypicalCase> {
    assertRegulator(viewer);
    const field = inputField('inspectionId');
    checkId(input.inspectionId, field);
    const text = {
      title: requiredText(input.title, inputField('title'), LIMITS.title),
      summary: requiredText(input.summary, inputField('summary'), LIMITS.summary),
      significance: requiredText(input.significance, inputField('significance'), LIMITS.significance),
    };
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await em.findOne(Inspection, { id: input.inspectionId });
        if (!inspection) throw InspectionError.inspectionNotFound(input.inspectionId, field);
        await assertInspectionJurisdiction(em, viewer, inspection, field);
        requireStatus(inspection, [InspectionStatus.CLOSED], 'recording a typical case', field);
        const typical = em.create(TypicalCase, { ...text, inspection, status: TypicalCaseStatus.RECORDED, recordedBy: viewer.subject!, recordedAt: this.clock.now() } as never);
        await em.flush();
        return typical;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw InspectionError.conflict(`Inspection ${input.inspectionId} is already a typical case`, field);
      throw error;
    }
  }

  /** Rewrites what is given of the write-up, while RECORDED or RETURNED: what the city has, or took, stays as it was. */
  revise(viewer: Viewer, id: string, input: TypicalCaseText): Promise<TypicalCase> {
    const text: TypicalCaseText = {};
    for (const key of ['title', 'summary', 'significance'] as const) {
      if (input[key] != null) text[key] = requiredText(input[key]!, inputField(key), LIMITS[key]);
    }
    if (Object.keys(text).length === 0) throw InspectionError.invalid(inputField(), 'Name at least one of title, summary, significance');
    return this.own(viewer, id, [TypicalCaseStatus.RECORDED, TypicalCaseStatus.RETURNED], 'revising', (typical) => Object.assign(typical, text));
  }

  /** RECORDED or RETURNED → REPORTED: sent to the city. */
  report(viewer: Viewer, id: string): Promise<TypicalCase> {
    return this.own(viewer, id, [TypicalCaseStatus.RECORDED, TypicalCaseStatus.RETURNED], 'reporting', (typical) => {
      typical.status = TypicalCaseStatus.REPORTED;
      typical.reportedAt = this.clock.now();
      typical.reportedBy = viewer.subject!;
    });
  }

  /** REPORTED → ACCEPTED, by a CITY regulator other than the reporter. */
  accept(viewer: Viewer, id: string): Promise<TypicalCase> {
    return this.review(viewer, id, (typical) => {
      typical.status = TypicalCaseStatus.ACCEPTED;
    });
  }

  /** REPORTED → RETURNED with the reason, by a CITY regulator other than the reporter. */
  sendBack(viewer: Viewer, id: string, reason: string): Promise<TypicalCase> {
    const why = requiredText(reason, ['reason'], 2000);
    return this.review(viewer, id, (typical) => {
      typical.status = TypicalCaseStatus.RETURNED;
      typical.returnReason = why;
      typical.returns += 1;
    });
  }

  /**
   * Regulators' list, oldest first: by status and by the inspection's year. The accepted
   * collection is every regulator's to learn from; a TOWN regulator reads the rest of its own
   * town's cases only.
   */
  cases(viewer: Viewer, filter: { status?: TypicalCaseStatus | null; year?: number | null }, page: PageArgs, wants: PageWants): Promise<Page<TypicalCase>> {
    assertRegulator(viewer);
    const where: FilterQuery<TypicalCase>[] = [];
    if (filter.status) where.push({ status: filter.status });
    if (filter.year != null) {
      if (!Number.isInteger(filter.year) || filter.year < 2000 || filter.year > 2100) throw InspectionError.invalid(['year'], 'year must be between 2000 and 2100');
      where.push({ inspection: { year: filter.year } });
    }
    const town = areaTown(viewer);
    if (town !== undefined) where.push({ $or: [{ status: TypicalCaseStatus.ACCEPTED }, { inspection: { enterprise: { town } } }] });
    return paginate(this.em, TypicalCase, where.length ? { $and: where } : {}, page, wants);
  }

  /** A change by the level whose inspection it is, from one of `from`. */
  private own(viewer: Viewer, id: string, from: TypicalCaseStatus[], action: string, change: (typical: TypicalCase) => void): Promise<TypicalCase> {
    assertRegulator(viewer);
    return this.em.transactional(async (em) => {
      const typical = await this.lock(em, id);
      await assertInspectionJurisdiction(em, viewer, await em.findOneOrFail(Inspection, { id: typical.inspection.id }), ['id']);
      this.requireStatus(typical, from, action);
      change(typical);
      return typical;
    });
  }

  private review(viewer: Viewer, id: string, change: (typical: TypicalCase) => void): Promise<TypicalCase> {
    assertRegulator(viewer);
    // The city reviews what the levels below report; a regulator token without a level (scripts) is not bounded, as elsewhere.
    if (viewer.role === Role.REGULATOR && viewer.level && viewer.level !== EnforcementLevel.CITY) throw AccessError.forbidden(`Typical cases are accepted or returned by the CITY level, not a ${viewer.level} regulator`, ['id']);
    return this.em.transactional(async (em) => {
      const typical = await this.lock(em, id);
      this.requireStatus(typical, [TypicalCaseStatus.REPORTED], 'reviewing');
      if (typical.reportedBy === viewer.subject) throw AccessError.forbidden(`Typical case ${id} was reported by ${viewer.subject}: another CITY regulator reviews it`, ['id']);
      change(typical);
      typical.reviewedAt = this.clock.now();
      typical.reviewedBy = viewer.subject!;
      return typical;
    });
  }

  private async lock(em: EntityManager, id: string): Promise<TypicalCase> {
    const typical = await em.findOne(TypicalCase, { id: checkId(id, ['id']) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!typical) throw new InspectionError(CommonCode.NOT_FOUND, `No typical case ${id}`, ['id']);
    return typical;
  }

  private requireStatus(typical: TypicalCase, from: TypicalCaseStatus[], action: string, field: FieldPath = ['id']): void {
    if (!from.includes(typical.status)) throw InspectionError.invalidTransition(`Typical case ${typical.id} (${action})`, typical.status, from.join(' or '), field);
  }
}
