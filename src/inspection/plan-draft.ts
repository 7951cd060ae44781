import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RiskGrade, SupervisionTreatment } from '../supervision/supervision.enums';
import { EnforcementPlan } from './enforcement-plan.entity';
import { InspectionType, PlanDraftOutcome } from './inspection.enums';

/**
 * One enterprise of the plan's level in the report of the last draft: what
 * the plan did for it and why. Kept on the plan (`enforcement_plan.draft_report`),
 * read through `EnforcementPlan.draftReport`.
 */
@ObjectType({ description: 'What drafting the plan did for one enterprise, and why' })
export class PlanDraftLine {
  /** The enterprise's id; `enterprise` resolves it. */
  enterpriseId!: string;

  @Field(() => PlanDraftOutcome)
  outcome!: PlanDraftOutcome;

  @Field(() => InspectionType, { nullable: true, description: 'The inspection the treatment calls for (null: none)' })
  type!: InspectionType | null;

  @Field()
  keyUnit!: boolean;

  @Field(() => RiskGrade, { nullable: true, description: 'The latest grade; null if never graded' })
  grade!: RiskGrade | null;

  @Field(() => Int, { nullable: true })
  score!: number | null;

  @Field(() => SupervisionTreatment, { nullable: true, description: 'The treatment applied (the grading’s, unless a group exemption was revoked since)' })
  treatment!: SupervisionTreatment | null;

  @Field({ description: 'Exempt by its group’s self-supervision' })
  groupExempt!: boolean;

  @Field(() => ID, { nullable: true, description: 'The inspection drafted (DRAFTED), already in the plan (ALREADY_IN_PLAN) or covering the key unit (KEY_UNIT_COVERED)' })
  inspectionId!: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  scheduledDate!: string | null;

  @Field(() => Int, { description: 'Non-cancelled inspections of the enterprise in the year before this draft' })
  inspectionsBefore!: number;

  @Field()
  reason!: string;
}

/** What one `draftEnforcementPlan` did: the plan, and how many enterprises had each outcome. */
@ObjectType({ description: 'The result of drafting a plan from the risk grades; per-enterprise lines in plan.draftReport' })
export class PlanDraftResult {
  @Field(() => EnforcementPlan)
  plan!: EnforcementPlan;

  @Field(() => Int, { description: 'Enterprises of the level considered (not closed)' })
  enterprises!: number;

  @Field(() => Int)
  drafted!: number;

  @Field(() => Int)
  alreadyInPlan!: number;

  @Field(() => Int)
  keyUnitCovered!: number;

  @Field(() => Int, { description: 'At the yearly cap: reported, nothing drafted' })
  capped!: number;

  @Field(() => Int)
  groupExempt!: number;

  @Field(() => Int)
  noDisturbance!: number;

  @Field(() => Int)
  notGraded!: number;

  @Field(() => Int)
  refused!: number;
}
