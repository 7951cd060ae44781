import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Viewer } from '../access/viewer';
import { rawQuery } from '../db/raw-query';
import { Clock } from '../shared/clock';
import { addDays, shanghaiDate, validityEnd } from '../shared/shanghai-calendar';
import { optionalText, requiredText } from '../shared/text-input';
import { Finding } from './finding.entity';
import { Inspection } from './inspection.entity';
import { FindingStatus, InspectionStatus, NoPenaltyReason } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { RecordPenaltyDecisionInput } from './inspection.inputs';
import { inspectionForWrite, requireStatus } from './inspection-rules';
import { PenaltyDecision } from './penalty-decision.entity';
import { PenaltyNotice } from './penalty-notice.entity';
import { assertWithinBenchmark, yuan } from './penalty-procedure.service';
import { FIRST_OFFENCE_YEARS, PENALTY_PUBLICITY_YEARS, PenaltyMeasure } from './penalty.enums';
import { inputField } from '../shared/domain-error';

/** 信用修复告知书, delivered with the decision (多书同达). */
export function creditRepairNotice(publicUntil: string): string {
  return `信用修复告知：本处罚信息公示至${publicUntil}。本决定履行完毕后，当事人可申请信用修复（applyForCreditRepair）；修复经审核通过的，提前结束公示。`;
}

/**
 * Penalties (行政处罚决定): one decision per inspection. A penalty follows its
 * notice once the enterprise's rights are exhausted (statement answered,
 * hearing held, or their periods over), stays within the benchmark and the
 * notice, and gives its reasons (四理: facts, law, discretion). A decision not
 * to penalise says why; FIRST_OFFENCE is checked against the history. A
 * penalty is public for a year and carries its credit repair notice.
 */
export class PenaltyService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async recordPenaltyDecision(viewer: Viewer, input: RecordPenaltyDecisionInput): Promise<PenaltyDecision> {
    if (input.penalized) {
      if (input.noPenaltyReason) throw InspectionError.invalid(inputField('noPenaltyReason'), 'A penalty decision has no noPenaltyReason');
    } else {
      if (!input.noPenaltyReason) throw InspectionError.invalid(inputField('noPenaltyReason'), 'A decision not to penalise gives noPenaltyReason (MINOR, FIRST_OFFENCE or NO_FAULT)');
      if (input.amountYuan) throw InspectionError.invalid(inputField('amountYuan'), 'A decision not to penalise has no amount');
    }
    const reasons = input.penalized
      ? {
          factReasons: requiredText(input.factReasons, inputField('factReasons'), 4000),
          legalReasons: requiredText(input.legalReasons, inputField('legalReasons'), 4000),
          discretionReasons: requiredText(input.discretionReasons, inputField('discretionReasons'), 4000),
        }
      : {
          factReasons: optionalText(input.factReasons, inputField('factReasons'), 4000),
          legalReasons: optionalText(input.legalReasons, inputField('legalReasons'), 4000),
          discretionReasons: optionalText(input.discretionReasons, inputField('discretionReasons'), 4000),
        };
    const amount = input.amountYuan ? yuan(input.amountYuan, inputField('amountYuan')) : null;
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await inspectionForWrite(em, viewer, input.inspectionId, inputField('inspectionId'));
        requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 'deciding on a penalty', inputField('inspectionId'));
        if ((await em.count(PenaltyDecision, { inspection })) > 0) throw InspectionError.conflict(`Inspection ${inspection.id} already has its penalty decision`, inputField('inspectionId'));
        const notice = await em.findOne(PenaltyNotice, { inspection });
        let fields: Partial<PenaltyDecision>;
        if (input.penalized) {
          if (!notice) throw InspectionError.procedureIncomplete('A penalty follows a notice of intended penalty (issuePenaltyNotice)', inputField('inspectionId'));
          this.assertRightsExhausted(notice);
          const fine = notice.measures.includes(PenaltyMeasure.FINE);
          if (fine && !amount) throw InspectionError.invalid(inputField('amountYuan'), 'The notice intends a fine: give amountYuan');
          if (!fine && amount) throw InspectionError.invalid(inputField('amountYuan'), 'The notice intends no fine');
          if (amount) {
            assertWithinBenchmark(notice.benchmark, amount, inputField('amountYuan'));
            if (Number(amount) > Number(notice.amountYuan)) {
              throw InspectionError.outsideBenchmark(`${amount} yuan is above the notice's ${notice.amountYuan}: a decision is never heavier than its notice`, inputField('amountYuan'), { noticeAmountYuan: notice.amountYuan });
            }
          }
          const publicUntil = validityEnd(shanghaiDate(this.clock.now()), PENALTY_PUBLICITY_YEARS);
          fields = { penalized: true, notice, legalBasis: notice.benchmark.legalBasis, amountYuan: amount, publicUntil, creditRepairNotice: creditRepairNotice(publicUntil) };
        } else {
          if (input.noPenaltyReason === NoPenaltyReason.FIRST_OFFENCE) await this.assertFirstOffence(em, inspection);
          fields = { penalized: false, notice, noPenaltyReason: input.noPenaltyReason };
        }
        const decision = em.create(PenaltyDecision, {
          ...fields,
          ...reasons,
          inspection,
          note: optionalText(input.note, inputField('note'), 2000),
          decidedBy: viewer.subject!,
          decidedAt: this.clock.now(),
        } as never);
        await em.flush();
        return decision;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw InspectionError.conflict(`Inspection ${input.inspectionId} already has its penalty decision`, inputField('inspectionId'));
      }
      throw error;
    }
  }

  /** The statement answered and the hearing held where they were used; the periods over where they were not. */
  private assertRightsExhausted(notice: PenaltyNotice): void {
    const field = inputField('inspectionId');
    const today = shanghaiDate(this.clock.now());
    if (notice.hearingRequestedAt && !notice.hearingHeldOn) throw InspectionError.hearingRequired(notice.id);
    if (notice.statement && notice.statementAdopted == null) {
      throw InspectionError.procedureIncomplete(`The statement on notice ${notice.id} is not answered (answerPenaltyStatement)`, field, { noticeId: notice.id });
    }
    if (!notice.statement && today <= notice.statementDeadline) {
      throw InspectionError.procedureIncomplete(`The statement period of notice ${notice.id} runs until ${notice.statementDeadline}`, field, { until: notice.statementDeadline });
    }
    if (notice.hearingRight && !notice.hearingRequestedAt && today <= notice.hearingRequestDeadline!) {
      throw InspectionError.procedureIncomplete(`The enterprise may ask for a hearing until ${notice.hearingRequestDeadline}`, field, { until: notice.hearingRequestDeadline });
    }
  }

  /** 初次违法: no penalty on the enterprise in the FIRST_OFFENCE_YEARS before, and every finding corrected. */
  private async assertFirstOffence(em: EntityManager, inspection: Inspection): Promise<void> {
    const since = addDays(validityEnd(shanghaiDate(this.clock.now()), -FIRST_OFFENCE_YEARS), 1);
    const prior = await rawQuery<{ id: string; decided_at: Date }>(
      em,
      `select pd.id::text as id, pd.decided_at from penalty_decision pd join inspection i on i.id = pd.inspection_id
        where i.enterprise_id = ? and pd.penalized and pd.decided_at >= ?::date order by pd.decided_at desc limit 1`,
      [inspection.enterprise.id, since],
    );
    if (prior.length > 0) {
      throw InspectionError.notAFirstOffence(`The enterprise was penalised on ${shanghaiDate(new Date(prior[0].decided_at))} (decision ${prior[0].id}), within ${FIRST_OFFENCE_YEARS} years`, {
        priorDecisionId: prior[0].id,
      });
    }
    const open = await em.count(Finding, { inspection, status: FindingStatus.OPEN });
    if (open > 0) throw InspectionError.notAFirstOffence(`${open} finding(s) are not corrected: a first offence goes unpunished only once corrected`, { openFindings: open });
  }
}
