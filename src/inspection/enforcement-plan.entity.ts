import { Check, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EnforcementLevel } from '../registry/registry.enums';
import { PlanStatus } from './inspection.enums';

/**
 * 年度监督检查计划: one level's annual enforcement plan. Its inspections are
 * added while it is a DRAFT; it is then approved and published (公示). A
 * supplementary plan (补充计划) for the same level and year is another plan.
 */
@ObjectType({ description: "One level's annual enforcement plan (年度监督检查计划)" })
@Entity({ tableName: 'enforcement_plan' })
@Check({ name: 'enforcement_plan_town_check', expression: `level = 'TOWN' or town is null` })
@Index({ properties: ['year', 'level'] })
export class EnforcementPlan {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => EnforcementLevel)
  @Enum({ items: () => EnforcementLevel, nativeEnumName: 'enforcement_level' })
  level!: EnforcementLevel;

  @Field(() => String, { nullable: true, description: "A TOWN plan's town (属地); null for other levels" })
  @Property({ type: 'text', nullable: true })
  town?: string | null;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year!: number;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field(() => PlanStatus)
  @Enum({ items: () => PlanStatus, nativeEnumName: 'plan_status', default: PlanStatus.DRAFT })
  status: PlanStatus = PlanStatus.DRAFT;

  /** Subjects of the tokens that drafted and approved it: for regulators only. */
  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'text', nullable: true })
  approvedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  approvedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** The last draft's report, one line per enterprise of the level, by enterprise id; read through `draftReport`. */
  @Property({ type: 'jsonb', nullable: true, lazy: true })
  draftReport?: StoredDraftLine[] | null;

  @Field(() => Date, { nullable: true, description: 'When the plan was last drafted from the risk grades' })
  @Property({ type: 'datetime', nullable: true })
  draftedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  draftedBy?: string | null;
}

/** A line of the draft report as stored (PlanDraftLine in plan-draft.ts). */
export interface StoredDraftLine {
  enterpriseId: string;
  outcome: string;
  type: string | null;
  keyUnit: boolean;
  grade: string | null;
  score: number | null;
  treatment: string | null;
  groupExempt: boolean;
  inspectionId: string | null;
  scheduledDate: string | null;
  inspectionsBefore: number;
  reason: string;
}
