import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { RiskGrade, SupervisionTreatment } from './supervision.enums';

@ObjectType({ description: 'One line of a risk score: what counted and how many points' })
export class RiskReason {
  @Field({ description: 'The factor, e.g. ACCIDENT, PENALTY, HAZARD_FINDING, LATE_RECTIFICATION, LEDGER_ALERT' })
  factor!: string;

  @Field(() => Int)
  points!: number;

  @Field()
  detail!: string;
}

/**
 * An enterprise's risk grade from the day it changed: a row per change (the
 * first grading included), never updated, so the history keeps every change
 * with its reasons. The latest row is the current grade.
 */
@ObjectType({ description: 'A change of an enterprise’s risk grade (积分制), with the score and its reasons' })
@Entity({ tableName: 'risk_grade' })
@Index({ properties: ['enterprise', 'id'] })
export class RiskGradeChange {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field(() => RiskGrade)
  @Enum({ items: () => RiskGrade, nativeEnumName: 'risk_grade_letter' })
  grade!: RiskGrade;

  @Field(() => RiskGrade, { nullable: true, description: 'The grade before; null at the first grading' })
  @Enum({ items: () => RiskGrade, nativeEnumName: 'risk_grade_letter', nullable: true })
  previousGrade?: RiskGrade | null;

  @Field(() => Int)
  @Property({ type: 'integer' })
  score!: number;

  @Field(() => SupervisionTreatment, { description: 'The treatment the next plan applies' })
  @Enum({ items: () => SupervisionTreatment, nativeEnumName: 'supervision_treatment' })
  treatment!: SupervisionTreatment;

  @Field({ description: 'Exempt from spot checks and help visits: its group self-supervises it and it is not a key unit' })
  @Property({ type: 'boolean', default: false })
  groupExempt: boolean = false;

  @Field(() => [RiskReason])
  @Property({ type: 'jsonb' })
  reasons!: RiskReason[];

  @Field({ description: 'Start of the 3-year window scored' })
  @Property({ type: 'datetime' })
  windowStart!: Date;

  @Field()
  @Property({ type: 'datetime' })
  gradedAt!: Date;
}
