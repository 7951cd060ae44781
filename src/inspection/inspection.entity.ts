import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel } from '../registry/registry.enums';
import { EnforcementPlan } from './enforcement-plan.entity';
import { InspectionStatus, InspectionType } from './inspection.enums';
import { DepartmentScalar } from '../access/department-scalar';

/**
 * One inspection of one enterprise by one level, with the departments taking
 * part. Its checklist (现场检查方案 and 现场检查记录), findings, penalty
 * decision and evaluation hang off it. See docs/inspection.md.
 */
@ObjectType({ description: 'An inspection of an enterprise (监督检查)' })
@Entity({ tableName: 'inspection' })
@Index({ properties: ['enterprise', 'year'] })
@Index({ properties: ['year', 'type'] })
export class Inspection {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: '检查码: the public code printed on the inspection record (13 characters)' })
  @Property({ type: 'string', length: 13 })
  @Unique()
  code!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @ManyToOne(() => EnforcementPlan, { nullable: true, deleteRule: 'restrict', index: true })
  plan?: EnforcementPlan | null;

  @Field(() => InspectionType)
  @Enum({ items: () => InspectionType, nativeEnumName: 'inspection_type' })
  type!: InspectionType;

  @Field(() => EnforcementLevel)
  @Enum({ items: () => EnforcementLevel, nativeEnumName: 'enforcement_level' })
  enforcingLevel!: EnforcementLevel;

  @Field(() => [DepartmentScalar], { description: 'Partner departments taking part (JOINT inspections name at least one)' })
  @Property({ type: 'text[]' })
  departments: string[] = [];

  @Field(() => [String], { description: 'Enforcement officers: name and certificate number (执法证号)' })
  @Property({ type: 'text[]' })
  inspectors: string[] = [];

  @Field(() => LocalDateResolver, { description: 'Asia/Shanghai calendar date' })
  @Property({ type: 'date' })
  scheduledDate!: string;

  /** The calendar year of scheduledDate: the year the cap counts in. */
  @Field(() => Int)
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => String, { nullable: true, description: 'Why a second inspection this year is needed' })
  @Property({ type: 'text', nullable: true })
  justification?: string | null;

  @Field(() => String, { nullable: true, description: 'What raised a triggered inspection: alert, complaint or referral reference' })
  @Property({ type: 'text', nullable: true })
  trigger?: string | null;

  @Field(() => InspectionStatus)
  @Enum({ items: () => InspectionStatus, nativeEnumName: 'inspection_status', default: InspectionStatus.PLANNED })
  status: InspectionStatus = InspectionStatus.PLANNED;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  cancelReason?: string | null;

  /** Who scheduled it: a token's subject, or `job:<name>` for a supervision job. */
  @Property({ type: 'text' })
  createdBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the monthly publication made it a public target' })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When its on-site plan (现场检查方案) was approved: it starts only then' })
  @Property({ type: 'datetime', nullable: true })
  onSitePlanApprovedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  onSitePlanApprovedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;
}
