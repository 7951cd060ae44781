import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CreditCodeScalar, DecimalScalar } from '../graphql/scalars';
import { EnforcementLevel, IndustryCategory } from '../registry/registry.enums';
import { RiskGrade } from '../supervision/supervision.enums';
import { ChecklistResult, HazardSeverity, InspectionType, NoPenaltyReason } from './inspection.enums';
import { DiscretionBand, PenaltyMeasure } from './penalty.enums';
import { DepartmentScalar } from '../access/department-scalar';

/** What names a plan, shared by creating and drafting one: checked once, by checkPlanScope. */
@InputType()
export class PlanScopeInput {
  @Field(() => EnforcementLevel)
  level!: EnforcementLevel;

  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true, description: "A TOWN plan's town; a TOWN regulator's own by default; none for other levels" })
  town?: string | null;
}

@InputType()
export class CreateEnforcementPlanInput extends PlanScopeInput {
  @Field({ description: 'e.g. "2025年度危险化学品监督检查计划"' })
  title!: string;
}

@InputType({ description: 'Draft a plan of a level and year from the risk grades: a new plan, or more inspections in a DRAFT one' })
export class DraftEnforcementPlanInput extends PlanScopeInput {
  @Field(() => ID, { nullable: true, description: 'A DRAFT plan of this level and year to fill; omitted: a new plan' })
  planId?: string | null;

  @Field(() => String, { nullable: true, description: 'Title of a new plan; default "<year>年度危险化学品监督检查计划（<level>）"' })
  title?: string | null;
}

@InputType({ description: 'An item of the on-site plan (现场检查方案)' })
export class ChecklistItemInput {
  @Field({ description: 'What is checked' })
  item!: string;

  @Field(() => String, { nullable: true, description: 'The rule or standard checked against' })
  basis?: string | null;
}

@InputType()
export class ScheduleInspectionInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field(() => InspectionType)
  type!: InspectionType;

  @Field(() => EnforcementLevel, { description: "The enterprise's own level; a higher one only for SUPERVISORY" })
  enforcingLevel!: EnforcementLevel;

  @Field(() => LocalDateResolver, { description: 'Asia/Shanghai calendar date, today or later' })
  scheduledDate!: string;

  @Field(() => ID, { nullable: true, description: 'The DRAFT plan it belongs to: required for KEY_UNIT, KEY_SPOT_CHECK and GENERAL_RANDOM' })
  planId?: string | null;

  @Field(() => [DepartmentScalar], { nullable: true, description: 'Departments taking part; a JOINT inspection names at least one' })
  departments?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Enforcement officers (name and certificate number); two are needed to start' })
  inspectors?: string[] | null;

  @Field(() => [ChecklistItemInput], { nullable: true })
  checklist?: ChecklistItemInput[] | null;

  @Field(() => String, { nullable: true, description: 'Required for the second inspection of the enterprise in the year' })
  justification?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for ALERT_TRIGGERED and EVENT_TRIGGERED: the alert, complaint or referral' })
  trigger?: string | null;
}

@InputType()
export class AddChecklistItemInput extends ChecklistItemInput {
  @Field(() => ID)
  inspectionId!: string;
}

@InputType()
export class StartInspectionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [String], { nullable: true, description: 'Replaces the officers named when scheduling' })
  inspectors?: string[] | null;
}

@InputType()
export class RecordChecklistResultInput {
  @Field(() => ID)
  checklistItemId!: string;

  @Field(() => ChecklistResult)
  result!: ChecklistResult;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class RecordFindingInput {
  @Field(() => ID)
  inspectionId!: string;

  @Field(() => ID, { nullable: true })
  checklistItemId?: string | null;

  @Field()
  description!: string;

  @Field(() => HazardSeverity)
  severity!: HazardSeverity;

  @Field(() => LocalDateResolver, { description: 'Asia/Shanghai date, today or later' })
  rectificationDeadline!: string;
}

@InputType({ description: 'Either penalized with legalBasis and amountYuan, or not with noPenaltyReason' })
export class RecordPenaltyDecisionInput {
  @Field(() => ID)
  inspectionId!: string;

  @Field()
  penalized!: boolean;

  @Field(() => DecimalScalar, { nullable: true, description: "Yuan, within the notice's benchmark and not above the notice's amount (a statement never makes a penalty heavier)" })
  amountYuan?: string | null;

  @Field(() => String, { nullable: true, description: '事理: the facts and the evidence (a penalty)' })
  factReasons?: string | null;

  @Field(() => String, { nullable: true, description: '法理: why the article applies (a penalty)' })
  legalReasons?: string | null;

  @Field(() => String, { nullable: true, description: '情理: why this amount, from the factors; the answer to the statement and hearing (a penalty)' })
  discretionReasons?: string | null;

  @Field(() => NoPenaltyReason, { nullable: true })
  noPenaltyReason?: NoPenaltyReason | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class RecordRectificationInput {
  @Field(() => ID)
  findingId!: string;

  @Field(() => Date, { nullable: true, description: 'When it was rectified; now when omitted; never in the future' })
  rectifiedAt?: Date | null;
}

@InputType()
export class RecheckFindingInput {
  @Field(() => ID)
  findingId!: string;

  @Field({ description: 'Whether the re-check found the hazard rectified' })
  rectified!: boolean;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The new deadline: required when not rectified' })
  newDeadline?: string | null;
}

@InputType()
export class EvaluateInspectionInput {
  @Field({ description: 'The inspection code' })
  code!: string;

  @Field(() => Int, { description: '1 (poor) to 5 (excellent)' })
  rating!: number;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

export interface InspectionFilter {
  enterprise?: string | null;
  year?: number | null;
  status?: string | null;
  type?: InspectionType | null;
  enforcingLevel?: EnforcementLevel | null;
  planId?: string | null;
}

@InputType({ description: '双随机: a draw of enterprises of the plan\'s level and officers of a roster' })
export class AnnounceRandomDrawInput {
  @Field(() => ID, { description: 'A DRAFT plan: the level and year of the pool' })
  planId!: string;

  @Field(() => Int, { description: 'How many enterprises to draw' })
  count!: number;

  @Field(() => Int, { nullable: true, defaultValue: 2, description: 'Officers per enterprise, 2 to 5' })
  teamSize?: number | null;

  @Field(() => [String], { description: 'The officers to draw from (names with their badge numbers)' })
  roster!: string[];

  @Field(() => [String], { nullable: true, description: 'Only these towns' })
  towns?: string[] | null;

  @Field(() => [IndustryCategory], { nullable: true, description: 'Only these industries' })
  industries?: IndustryCategory[] | null;

  @Field(() => [RiskGrade], { nullable: true, description: 'Only these current risk grades' })
  grades?: RiskGrade[] | null;

  @Field(() => LocalDateResolver, { description: 'First day the drawn inspections may be scheduled (after today)' })
  scheduledFrom!: string;

  @Field(() => LocalDateResolver, { description: 'Last day, in the plan\'s year' })
  scheduledTo!: string;
}

@InputType({ description: 'A row of the discretion benchmark (ADMIN): replaces the row of the same violation and band' })
export class DefineDiscretionBenchmarkInput {
  @Field()
  violation!: string;

  @Field()
  title!: string;

  @Field()
  legalBasis!: string;

  @Field(() => DiscretionBand)
  band!: DiscretionBand;

  @Field(() => [String])
  factors!: string[];

  @Field(() => DecimalScalar)
  minYuan!: string;

  @Field(() => DecimalScalar)
  maxYuan!: string;
}

@InputType({ description: '行政处罚告知书: the intended penalty, within the benchmark' })
export class IssuePenaltyNoticeInput {
  @Field(() => ID)
  inspectionId!: string;

  @Field(() => ID, { description: 'The benchmark row (violation and band)' })
  benchmarkId!: string;

  @Field(() => [String], { description: "The row's factors found in this case, at least one" })
  factors!: string[];

  @Field(() => [PenaltyMeasure])
  measures!: PenaltyMeasure[];

  @Field(() => DecimalScalar, { nullable: true, description: 'With FINE: within the row\'s range' })
  amountYuan?: string | null;

  @Field()
  facts!: string;
}

@InputType({ description: "A regulator's answer to a statement or a hearing: adopted or not, and why" })
export class PenaltyAnswerInput {
  @Field(() => ID)
  noticeId!: string;

  @Field()
  adopted!: boolean;

  @Field()
  reason!: string;
}

@InputType({ description: 'The hearing held (听证), its record and the answer' })
export class RecordPenaltyHearingInput extends PenaltyAnswerInput {
  @Field(() => LocalDateResolver)
  heldOn!: string;

  @Field({ description: 'The hearing record (听证笔录), in short' })
  record!: string;
}
