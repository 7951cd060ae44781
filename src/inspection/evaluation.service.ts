import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { requireEnterprise } from '../access/policy';
import { Viewer } from '../access/viewer';
import { inspectionCodeProblem, normalizeInspectionCode } from '../proof/inspection-code';
import { Clock } from '../shared/clock';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { optionalText } from '../shared/text-input';
import { ChecklistItem } from './checklist-item.entity';
import { Finding } from './finding.entity';
import { InspectionEvaluation } from './inspection-evaluation.entity';
import { Inspection } from './inspection.entity';
import { InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { EvaluateInspectionInput } from './inspection.inputs';
import { requireStatus } from './inspection-rules';
import { PenaltyDecision } from './penalty-decision.entity';
import { PublicInspection, toPublicInspection } from './public-inspection';
import { FieldPath, inputField } from '../shared/domain-error';

/** The inspection code (检查码): what the public reads by it, and the enterprise's evaluation. */
export class EvaluationService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private async byCode(em: EntityManager, code: string, field: FieldPath): Promise<Inspection> {
    const normalized = normalizeInspectionCode(String(code ?? ''));
    const problem = inspectionCodeProblem(normalized);
    if (problem) throw InspectionError.invalidCode(field, code, problem);
    const inspection = await em.findOne(Inspection, { code: normalized }, { populate: ['enterprise'] });
    if (!inspection) throw InspectionError.codeNotFound(field);
    return inspection;
  }

  /** Public: whoever holds the code sees who inspects, what, and the result; nothing private. */
  async inspectionByCode(code: string): Promise<PublicInspection> {
    const inspection = await this.byCode(this.em, code, ['code']);
    const [checklist, findings, penalty, evaluations] = await Promise.all([
      this.em.find(ChecklistItem, { inspection }, { orderBy: { position: 'asc' } }),
      this.em.find(Finding, { inspection }),
      this.em.findOne(PenaltyDecision, { inspection }),
      this.em.count(InspectionEvaluation, { inspection }),
    ]);
    return toPublicInspection(inspection, inspection.enterprise.name, checklist, findings, penalty, evaluations > 0, shanghaiDate(this.clock.now()));
  }

  /**
   * The inspected enterprise evaluates a COMPLETED or CLOSED inspection, once.
   * It needs both the code and an ENTERPRISE token of that enterprise: the
   * code alone is printed on paper and may travel, the token says who speaks.
   */
  async evaluateInspection(viewer: Viewer, input: EvaluateInspectionInput): Promise<InspectionEvaluation> {
    const own = requireEnterprise(viewer);
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw InspectionError.invalid(inputField('rating'), 'rating must be an integer from 1 to 5');
    const comment = optionalText(input.comment, inputField('comment'), 1000);
    try {
      return await this.em.transactional(async (em) => {
        const inspection = await this.byCode(em, input.code, inputField('code'));
        if (inspection.enterprise.creditCode !== own) throw InspectionError.forbidden('Only the inspected enterprise evaluates an inspection', inputField('code'));
        requireStatus(inspection, [InspectionStatus.COMPLETED, InspectionStatus.CLOSED], 'evaluating', inputField('code'));
        const evaluation = em.create(InspectionEvaluation, {
          inspection,
          rating: input.rating,
          comment,
          evaluatedBy: viewer.subject!,
          createdAt: this.clock.now(),
        } as never);
        await em.flush();
        return evaluation;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw InspectionError.conflict('This inspection has already been evaluated', inputField('code'));
      throw error;
    }
  }
}
