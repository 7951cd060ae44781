import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ChecklistResult } from './inspection.enums';
import { Inspection } from './inspection.entity';
import { ChecklistTemplate } from './checklist-template.entity';
import { DepartmentScalar } from '../access/department-scalar';
import { PartnerDepartment } from '../access/partner-department.entity';

/** One item of the on-site plan (现场检查方案) and, once checked, its record (现场检查记录). */
@ObjectType({ description: 'A checklist item of an inspection and its recorded result' })
@Entity({ tableName: 'inspection_checklist_item' })
@Unique({ properties: ['inspection', 'position'] })
export class ChecklistItem {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Inspection, { deleteRule: 'cascade' })
  inspection!: Inspection;

  @Field(() => Int, { description: 'Order within the checklist, from 1' })
  @Property({ type: 'integer' })
  position!: number;

  @Field({ description: 'What is checked' })
  @Property({ type: 'text' })
  item!: string;

  @Field(() => String, { nullable: true, description: 'The rule or standard checked against' })
  @Property({ type: 'text', nullable: true })
  basis?: string | null;

  @Field(() => ChecklistResult, { nullable: true, description: 'Null until recorded' })
  @Enum({ items: () => ChecklistResult, nativeEnumName: 'checklist_result', nullable: true })
  result?: ChecklistResult | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  recordedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  recordedBy?: string | null;

  /** The item-library template it was drafted from, if any. */
  @ManyToOne(() => ChecklistTemplate, { nullable: true })
  template?: ChecklistTemplate | null;

  @Field(() => DepartmentScalar, { nullable: true, description: "The partner department whose part of a JOINT inspection this is; null: the bureau's" })
  @ManyToOne(() => PartnerDepartment, { mapToPk: true, fieldName: 'department', nullable: true })
  department?: string | null;
}
