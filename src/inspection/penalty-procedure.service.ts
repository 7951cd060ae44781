import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator, requireEnterprise } from '../access/policy';
import { Role, Viewer } from '../access/viewer';
import { paginate, PageWants } from '../db/paginate';
import { Clock } from '../shared/clock';
import { AccessError, FieldPath, inputField } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { addDays, shanghaiDate } from '../shared/shanghai-calendar';
import { requiredText } from '../shared/text-input';
import { InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { DefineDiscretionBenchmarkInput, IssuePenaltyNoticeInput, PenaltyAnswerInput, RecordPenaltyHearingInput } from './inspection.inputs';
import { Inspection } from './inspection.entity';
import { assertInspectionJurisdiction, checkDate, checkId, inspectionForWrite, requireStatus } from './inspection-rules';
import { PenaltyDecision } from './penalty-decision.entity';
import { DiscretionBenchmark, PenaltyNotice } from './penalty-notice.entity';
import { HEARING_MEASURES, HEARING_REQUEST_DAYS, HEARING_THRESHOLD_YUAN, PenaltyMeasure, STATEMENT_DAYS } from './penalty.enums';

/** A positive amount of yuan with at most 2 decimals, as stored ("30000.00"). */
export function yuan(value: string | null | undefined, field: FieldPath): string {
  const amount = (value ?? '').trim();
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) throw InspectionError.invalid(field, `${field[field.length - 1]} must be more than 0 yuan, with at most 2 decimals`);
  return Number(amount).toFixed(2);
}

/** The amount lies within the benchmark row's range. */
export function assertWithinBenchmark(benchmark: DiscretionBenchmark, amount: string, field: FieldPath): void {
  if (Number(amount) < Number(benchmark.minYuan) || Number(amount) > Number(benchmark.maxYuan)) {
    throw InspectionError.outsideBenchmark(
      `${amount} yuan is outside the benchmark for ${benchmark.violation} (${benchmark.band}): ${benchmark.minYuan} to ${benchmark.maxYuan} yuan`,
      field,
      { minYuan: benchmark.minYuan, maxYuan: benchmark.maxYuan },
    );
  }
}

/**
 * The penalty procedure before the decision (《行政处罚法》 arts. 44–45, 63–65):
 * the discretion benchmark, the notice of intended penalty, the enterprise's
 * statement and defence and its hearing, and the regulator's answer to each.
 * PenaltyService.recordPenaltyDecision checks all of it before deciding.
 */
export class PenaltyProcedureService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** ADMIN: a row of the bureau's benchmark table, replacing the row of the same violation and band. */
  async defineBenchmark(viewer: Viewer, input: DefineDiscretionBenchmarkInput): Promise<DiscretionBenchmark> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (viewer.role !== Role.ADMIN) throw AccessError.forbidden('Only an administrator changes the discretion benchmark');
    const factors = input.factors.map((x, i) => requiredText(x, inputField('factors', i), 500));
    if (factors.length === 0) throw InspectionError.invalid(inputField('factors'), 'A band names the circumstances that place a case in it');
    const minYuan = yuan(input.minYuan, inputField('minYuan'));
    const maxYuan = yuan(input.maxYuan, inputField('maxYuan'));
    if (Number(maxYuan) < Number(minYuan)) throw InspectionError.invalid(inputField('maxYuan'), 'maxYuan is below minYuan');
    const fields = {
      violation: requiredText(input.violation, inputField('violation'), 50),
      band: input.band,
      title: requiredText(input.title, inputField('title'), 200),
      legalBasis: requiredText(input.legalBasis, inputField('legalBasis'), 500),
      factors,
      minYuan,
      maxYuan,
    };
    return this.em.transactional(async (em) => {
      await em.upsert(DiscretionBenchmark, fields, { onConflictFields: ['violation', 'band'] });
      return em.findOneOrFail(DiscretionBenchmark, { violation: fields.violation, band: fields.band }, { refresh: true });
    });
  }

  /** Public: the table's rows, in the order they were first defined (a replaced row keeps its place). */
  benchmarks(page: PageArgs, wants: PageWants): Promise<Page<DiscretionBenchmark>> {
    return paginate(this.em, DiscretionBenchmark, {}, page, wants);
  }

  /** The notice, once per inspection, while IN_PROGRESS or COMPLETED and before any decision. */
  async issueNotice(viewer: Viewer, input: IssuePenaltyNoticeInput): Promise<PenaltyNotice> {
    assertRegulator(viewer);
    const benchmarkId = checkId(input.benchmarkId, inputField('benchmarkId'));
    const facts = requiredText(input.facts, inputField('facts'), 4000);
    const measures = [...new Set(input.measures)];
    if (measures.length === 0) throw InspectionError.invalid(inputField('measures'), 'A notice names at least one measure');
    measures.forEach((m, i) => {
      if (!Object.values(PenaltyMeasure).includes(m)) throw InspectionError.invalid(inputField('measures', i), `"${m}" is not a measure`);
    });
    const fine = measures.includes(PenaltyMeasure.FINE);
    if (!fine && input.amountYuan) throw InspectionError.invalid(inputField('amountYuan'), 'An amount goes with the FINE measure');
    const amount = fine ? yuan(input.amountYuan, inputField('amountYuan')) : null;
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await inspectionForWrite(em, viewer, input.inspectionId, inputField('inspectionId'));
        requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 'notifying a penalty', inputField('inspectionId'));
        if ((await em.count(PenaltyDecision, { inspection })) > 0) throw InspectionError.conflict(`Inspection ${inspection.id} already has its penalty decision`, inputField('inspectionId'));
        const benchmark = await em.findOne(DiscretionBenchmark, { id: benchmarkId });
        if (!benchmark) throw InspectionError.invalid(inputField('benchmarkId'), `No benchmark row ${benchmarkId}`);
        const factors = [...new Set(input.factors.map((x) => String(x ?? '').trim()))];
        if (factors.length === 0) throw InspectionError.outsideBenchmark('Name the factors of the benchmark row found in this case', inputField('factors'), { allowed: benchmark.factors });
        const unknown = factors.filter((x) => !benchmark.factors.includes(x));
        if (unknown.length > 0) throw InspectionError.outsideBenchmark(`Not factors of ${benchmark.violation} (${benchmark.band}): ${unknown.join('; ')}`, inputField('factors'), { allowed: benchmark.factors });
        if (amount) assertWithinBenchmark(benchmark, amount, inputField('amountYuan'));
        const today = this.today();
        const hearingRight = (amount !== null && Number(amount) >= HEARING_THRESHOLD_YUAN) || measures.some((m) => HEARING_MEASURES.includes(m));
        const notice = em.create(PenaltyNotice, {
          inspection,
          benchmark,
          factors,
          measures,
          amountYuan: amount,
          facts,
          hearingRight,
          statementDeadline: addDays(today, STATEMENT_DAYS),
          hearingRequestDeadline: hearingRight ? addDays(today, HEARING_REQUEST_DAYS) : null,
          notifiedBy: viewer.subject!,
          notifiedAt: this.clock.now(),
        } as never);
        await em.flush();
        return notice;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw InspectionError.conflict(`Inspection ${input.inspectionId} already has its penalty notice`, inputField('inspectionId'));
      throw error;
    }
  }

  /** The inspected enterprise's notice, locked, for one of its rights. */
  private async ownNotice(em: EntityManager, viewer: Viewer, id: string): Promise<PenaltyNotice> {
    const own = requireEnterprise(viewer);
    const field = inputField('noticeId');
    checkId(id, field);
    const notice = await em.findOne(PenaltyNotice, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!notice) throw InspectionError.noticeNotFound(id, field);
    await em.populate(notice, ['inspection.enterprise']);
    if (notice.inspection.enterprise.creditCode !== own) throw InspectionError.forbidden(`This token may not answer notice ${id}`, field);
    if ((await em.count(PenaltyDecision, { inspection: notice.inspection })) > 0) throw InspectionError.conflict(`Notice ${id} is already decided`, field);
    return notice;
  }

  /** 陈述申辩: the enterprise's statement and defence, once, by the deadline. */
  async submitStatement(viewer: Viewer, noticeId: string, text: string): Promise<PenaltyNotice> {
    const statement = requiredText(text, inputField('statement'), 4000);
    return this.em.transactional(async (em) => {
      const notice = await this.ownNotice(em, viewer, noticeId);
      if (notice.statement) throw InspectionError.conflict(`Notice ${noticeId} already has the statement`, inputField('noticeId'));
      if (this.today() > notice.statementDeadline) throw InspectionError.invalid(inputField('noticeId'), `The statement period ended on ${notice.statementDeadline}`);
      notice.statement = statement;
      notice.statementAt = this.clock.now();
      return notice;
    });
  }

  /** The enterprise asks for a hearing, where the notice gives the right, by the deadline. */
  async requestHearing(viewer: Viewer, noticeId: string): Promise<PenaltyNotice> {
    return this.em.transactional(async (em) => {
      const notice = await this.ownNotice(em, viewer, noticeId);
      if (!notice.hearingRight) throw InspectionError.invalid(inputField('noticeId'), `Neither the amount nor a measure of notice ${noticeId} gives the right to a hearing`);
      if (notice.hearingRequestedAt) throw InspectionError.conflict(`A hearing on notice ${noticeId} is already asked for`, inputField('noticeId'));
      if (this.today() > notice.hearingRequestDeadline!) throw InspectionError.invalid(inputField('noticeId'), `A hearing was to be asked for by ${notice.hearingRequestDeadline}`);
      notice.hearingRequestedAt = this.clock.now();
      return notice;
    });
  }

  private async regulatorNotice(em: EntityManager, viewer: Viewer, id: string): Promise<PenaltyNotice> {
    assertRegulator(viewer);
    const field = inputField('noticeId');
    checkId(id, field);
    const notice = await em.findOne(PenaltyNotice, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!notice) throw InspectionError.noticeNotFound(id, field);
    await assertInspectionJurisdiction(em, viewer, await em.findOneOrFail(Inspection, { id: notice.inspection.id }), field);
    if ((await em.count(PenaltyDecision, { inspection: notice.inspection })) > 0) throw InspectionError.conflict(`Notice ${id} is already decided`, field);
    return notice;
  }

  /** Whether the statement is adopted, and why. */
  async answerStatement(viewer: Viewer, input: PenaltyAnswerInput): Promise<PenaltyNotice> {
    const reason = requiredText(input.reason, inputField('reason'), 2000);
    return this.em.transactional(async (em) => {
      const notice = await this.regulatorNotice(em, viewer, input.noticeId);
      if (!notice.statement) throw InspectionError.invalid(inputField('noticeId'), `Notice ${notice.id} has no statement to answer`);
      notice.statementAdopted = input.adopted;
      notice.statementReason = reason;
      return notice;
    });
  }

  /** The hearing asked for is held: its date, record, and whether its arguments are adopted and why. */
  async recordHearing(viewer: Viewer, input: RecordPenaltyHearingInput): Promise<PenaltyNotice> {
    const reason = requiredText(input.reason, inputField('reason'), 2000);
    const record = requiredText(input.record, inputField('record'), 8000);
    const heldOn = checkDate(input.heldOn, inputField('heldOn'));
    if (heldOn > this.today()) throw InspectionError.invalid(inputField('heldOn'), `${heldOn} is in the future`);
    return this.em.transactional(async (em) => {
      const notice = await this.regulatorNotice(em, viewer, input.noticeId);
      if (!notice.hearingRequestedAt) throw InspectionError.invalid(inputField('noticeId'), `No hearing was asked for on notice ${notice.id}`);
      if (heldOn < shanghaiDate(notice.hearingRequestedAt)) throw InspectionError.invalid(inputField('heldOn'), 'The hearing is held after it was asked for');
      notice.hearingHeldOn = heldOn;
      notice.hearingRecord = record;
      notice.hearingAdopted = input.adopted;
      notice.hearingReason = reason;
      return notice;
    });
  }
}
