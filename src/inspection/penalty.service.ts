import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Viewer } from '../access/viewer';
import { Clock } from '../shared/clock';
import { optionalText, requiredText } from '../shared/text-input';
import { InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { RecordPenaltyDecisionInput } from './inspection.inputs';
import { Field, inspectionForWrite, requireStatus } from './inspection-rules';
import { PenaltyDecision } from './penalty-decision.entity';

/** Penalties (行政处罚): the decision on an inspection, or the decision not to penalise. */
export class PenaltyService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** One decision per inspection, while IN_PROGRESS or COMPLETED: a basis and an amount, or no penalty and why. */
  async recordPenaltyDecision(viewer: Viewer, input: RecordPenaltyDecisionInput): Promise<PenaltyDecision> {
    const f = (name: string): Field => ['input', name];
    let fields: Partial<PenaltyDecision>;
    if (input.penalized) {
      if (input.noPenaltyReason) throw InspectionError.invalid(f('noPenaltyReason'), 'A penalty decision has no noPenaltyReason');
      const amount = (input.amountYuan ?? '').trim();
      if (!/^\d{1,12}(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) {
        throw InspectionError.invalid(f('amountYuan'), 'amountYuan must be more than 0 yuan, with at most 2 decimals');
      }
      fields = { penalized: true, legalBasis: requiredText(input.legalBasis, f('legalBasis'), 500), amountYuan: Number(amount).toFixed(2) };
    } else {
      if (!input.noPenaltyReason) throw InspectionError.invalid(f('noPenaltyReason'), 'A decision not to penalise gives noPenaltyReason (MINOR, FIRST_OFFENCE or NO_FAULT)');
      if (input.legalBasis || input.amountYuan) throw InspectionError.invalid(f('amountYuan'), 'A decision not to penalise has no legal basis or amount');
      fields = { penalized: false, noPenaltyReason: input.noPenaltyReason };
    }
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await inspectionForWrite(em, viewer, input.inspectionId, f('inspectionId'));
        requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 'deciding on a penalty', f('inspectionId'));
        const decision = em.create(PenaltyDecision, {
          ...fields,
          inspection,
          note: optionalText(input.note, f('note'), 2000),
          decidedBy: viewer.subject!,
          decidedAt: this.clock.now(),
        } as never);
        await em.flush();
        return decision;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw InspectionError.conflict(`Inspection ${input.inspectionId} already has its penalty decision`, f('inspectionId'));
      }
      throw error;
    }
  }
}
