import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
import { EnforcementLevel } from '../registry/registry.enums';
import { ChecklistItem } from './checklist-item.entity';
import { Finding } from './finding.entity';
import { ChecklistResult, FindingStatus, HazardSeverity, InspectionStatus, InspectionType, MAX_CHECKLIST_ITEMS, NoPenaltyReason } from './inspection.enums';
import { Inspection } from './inspection.entity';
import { PenaltyDecision } from './penalty-decision.entity';
import { DepartmentScalar } from '../access/department-scalar';

@ObjectType({ description: 'What was checked and the recorded result; no notes' })
export class PublicChecklistLine {
  @Field(() => Int)
  position!: number;

  @Field()
  item!: string;

  @Field(() => ChecklistResult, { nullable: true })
  result!: ChecklistResult | null;
}

@ObjectType({ description: 'Counts of the hazards found; their descriptions are not public' })
export class PublicFindingSummary {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  major!: number;

  @Field(() => Int, { description: 'Not yet re-checked as rectified' })
  outstanding!: number;
}

@ObjectType()
export class PublicPenalty {
  @Field()
  penalized!: boolean;

  @Field(() => String, { nullable: true })
  legalBasis!: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  amountYuan!: string | null;

  @Field(() => NoPenaltyReason, { nullable: true })
  noPenaltyReason!: NoPenaltyReason | null;
}

/**
 * What the holder of an inspection code sees: who inspects (level,
 * departments, officers), what (type, date, checklist items) and the result
 * (status, checklist results, counts of findings, the penalty decision).
 * Nothing private: no credit code, no internal ids, no notes, no finding
 * descriptions, no justification or trigger, no evaluation text.
 */
@ObjectType({ description: 'The public view of an inspection, reached by its inspection code (检查码)' })
export class PublicInspection {
  @Field()
  code!: string;

  @Field({ description: "The inspected enterprise's name" })
  enterpriseName!: string;

  @Field(() => InspectionType)
  type!: InspectionType;

  @Field(() => EnforcementLevel, { description: 'The level inspecting' })
  enforcingLevel!: EnforcementLevel;

  @Field(() => [DepartmentScalar])
  departments!: string[];

  @Field(() => [String], { description: 'Enforcement officers and their certificate numbers' })
  inspectors!: string[];

  @Field(() => LocalDateResolver)
  scheduledDate!: string;

  @Field(() => InspectionStatus)
  status!: InspectionStatus;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Field(() => [PublicChecklistLine], { description: `The whole checklist (at most ${MAX_CHECKLIST_ITEMS} items: not paged)` })
  checklist!: PublicChecklistLine[];

  @Field(() => PublicFindingSummary)
  findings!: PublicFindingSummary;

  @Field(() => PublicPenalty, {
    nullable: true,
    description: 'The penalty decision while it is public; null before a decision and once its publicity has ended (a year passed, or credit repaired)',
  })
  penalty!: PublicPenalty | null;

  @Field({ description: 'Whether the enterprise has left its evaluation' })
  evaluated!: boolean;
}

export function toPublicInspection(
  inspection: Inspection,
  enterpriseName: string,
  checklist: ChecklistItem[],
  findings: Finding[],
  penalty: PenaltyDecision | null,
  evaluated: boolean,
  today: string,
): PublicInspection {
  // A repaired or expired penalty leaves the public record (信用修复 ends the publicity); only a
  // decision that imposes none has no publicity period and stays visible as "no penalty".
  const shown = penalty && (!penalty.penalized || (penalty.publicUntil != null && penalty.publicUntil >= today)) ? penalty : null;
  return {
    code: inspection.code,
    enterpriseName,
    type: inspection.type,
    enforcingLevel: inspection.enforcingLevel,
    departments: inspection.departments,
    inspectors: inspection.inspectors,
    scheduledDate: inspection.scheduledDate,
    status: inspection.status,
    completedAt: inspection.completedAt ?? null,
    checklist: checklist.map((c) => ({ position: c.position, item: c.item, result: c.result ?? null })),
    findings: {
      total: findings.length,
      major: findings.filter((f) => f.severity === HazardSeverity.MAJOR).length,
      outstanding: findings.filter((f) => f.status !== FindingStatus.VERIFIED).length,
    },
    penalty: shown
      ? { penalized: shown.penalized, legalBasis: shown.legalBasis ?? null, amountYuan: shown.amountYuan ?? null, noPenaltyReason: shown.noPenaltyReason ?? null }
      : null,
    evaluated,
  };
}
