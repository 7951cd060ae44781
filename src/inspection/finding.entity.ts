import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ChecklistItem } from './checklist-item.entity';
import { FindingStatus, HazardSeverity } from './inspection.enums';
import { Inspection } from './inspection.entity';
import { DepartmentScalar } from '../access/department-scalar';
import { PartnerDepartment } from '../access/partner-department.entity';

/**
 * A hazard found (事故隐患), its rectification (整改) and re-check (复查).
 * Risk grading reads severity, the deadline, rectifiedAt and verifiedAt.
 */
@ObjectType({ description: 'A hazard found by an inspection, with its rectification and re-check' })
@Entity({ tableName: 'inspection_finding' })
export class Finding {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Inspection, { deleteRule: 'cascade', index: true })
  inspection!: Inspection;

  @ManyToOne(() => ChecklistItem, { nullable: true, deleteRule: 'set null' })
  checklistItem?: ChecklistItem | null;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @Field(() => HazardSeverity)
  @Enum({ items: () => HazardSeverity, nativeEnumName: 'hazard_severity' })
  severity!: HazardSeverity;

  @Field(() => LocalDateResolver, { description: 'Rectify by (Asia/Shanghai date); moved when a re-check fails' })
  @Property({ type: 'date' })
  rectificationDeadline!: string;

  @Field(() => LocalDateResolver, { description: 'The deadline first set' })
  @Property({ type: 'date' })
  originalDeadline!: string;

  @Field(() => FindingStatus)
  @Enum({ items: () => FindingStatus, nativeEnumName: 'finding_status', default: FindingStatus.OPEN })
  status: FindingStatus = FindingStatus.OPEN;

  @Field(() => Date, { nullable: true, description: 'When it was (last) reported rectified' })
  @Property({ type: 'datetime', nullable: true })
  rectifiedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the last re-check took place' })
  @Property({ type: 'datetime', nullable: true })
  recheckedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  recheckNote?: string | null;

  @Field(() => Int, { description: 'Re-checks that found it not rectified' })
  @Property({ type: 'integer', default: 0 })
  failedRechecks: number = 0;

  @Field(() => Date, { nullable: true, description: 'When a re-check found it rectified' })
  @Property({ type: 'datetime', nullable: true })
  verifiedAt?: Date | null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Field(() => DepartmentScalar, { nullable: true, description: "The partner department whose part of a JOINT inspection this is; null: the bureau's" })
  @ManyToOne(() => PartnerDepartment, { mapToPk: true, fieldName: 'department', nullable: true })
  department?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
