import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { Inspection } from './inspection.entity';
import { DepartmentScalar } from '../access/department-scalar';
import { PartnerDepartment } from '../access/partner-department.entity';

export enum DepartmentTaskStatus {
  /** Not yet part of a visit. */
  PENDING = 'PENDING',
  /** Merged into an inspection: the department takes part in that visit. */
  JOINED = 'JOINED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(DepartmentTaskStatus, { name: 'DepartmentTaskStatus' });

/**
 * A partner department's own check of an enterprise planned for a month. Tasks
 * of several departments for the same enterprise and month are proposed as one
 * joint visit (进一门、查多事) and, once joined to an inspection, the department
 * records its part there.
 */
@ObjectType({ description: "A partner department's check of an enterprise planned for a month, to be merged into one joint visit" })
@Entity({ tableName: 'department_task' })
@Index({ properties: ['month', 'status'] })
export class DepartmentTask {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => DepartmentScalar)
  @ManyToOne(() => PartnerDepartment, { mapToPk: true, fieldName: 'department' })
  department!: string;

  @Field(() => Enterprise)
  @ManyToOne(() => Enterprise)
  enterprise!: Enterprise;

  @Field({ description: 'YYYY-MM (Asia/Shanghai)' })
  @Property({ type: 'text' })
  @Check({ name: 'department_task_month_check', expression: `month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'` })
  month!: string;

  @Field({ description: 'What the department will check' })
  @Property({ type: 'text' })
  matter!: string;

  @Field(() => DepartmentTaskStatus)
  @Enum({ items: () => DepartmentTaskStatus, nativeEnumName: 'department_task_status', default: DepartmentTaskStatus.PENDING })
  status: DepartmentTaskStatus = DepartmentTaskStatus.PENDING;

  @Field(() => Inspection, { nullable: true, description: 'The visit it joined' })
  @ManyToOne(() => Inspection, { nullable: true })
  inspection?: Inspection | null;

  @Property({ type: 'text' })
  plannedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  plannedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  joinedAt?: Date | null;
}
