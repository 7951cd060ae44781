import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentScalar } from './department-scalar';

export enum DepartmentAction {
  CREATED = 'CREATED',
  MANDATE_CHANGED = 'MANDATE_CHANGED',
  DEACTIVATED = 'DEACTIVATED',
  REACTIVATED = 'REACTIVATED',
}
registerEnumType(DepartmentAction, { name: 'DepartmentAction', description: 'What was done to a partner department' });

/** Who added a department, changed its mandate, deactivated or reactivated it, and when. Append-only. */
@ObjectType({ description: 'One change to a partner department' })
@Entity({ tableName: 'department_event' })
@Index({ properties: ['department', 'at'] })
export class DepartmentEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field()
  @Property({ type: 'datetime' })
  at!: Date;

  @Field({ description: 'Who did it, as the logs name callers (ROLE:subject)' })
  @Property({ type: 'text' })
  actor!: string;

  @Field(() => DepartmentScalar)
  @Property({ type: 'text' })
  department!: string;

  @Field(() => DepartmentAction)
  @Enum({ items: () => DepartmentAction, nativeEnumName: 'department_action' })
  action!: DepartmentAction;

  @Field(() => GraphQLJSONObject, { description: 'What changed: the name and mandates before and after' })
  @Property({ type: 'json' })
  details!: Record<string, unknown>;
}
