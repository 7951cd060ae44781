import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DepartmentScalar } from './department-scalar';
import { Mandate } from './mandates';

/**
 * A partner department (消防救援, 公安, …) and its mandate: what of the ledger
 * it may read. Configuration, not code: the bureau adds departments and
 * changes mandates at run time (departments.service.ts); the first rows are
 * the five departments the schema once named as an enum, with the mandates
 * they held then (Migration…_departments).
 */
@ObjectType({ description: 'A partner department and its mandate' })
@Entity({ tableName: 'department' })
export class PartnerDepartment {
  @Field(() => DepartmentScalar, { description: 'Its code, e.g. FIRE_RESCUE: what tokens, users, keys and inspections name' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field({ description: 'Its Chinese name, e.g. 消防救援' })
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => [Mandate], { description: 'What of the ledger it may read (docs/access.md)' })
  @Property({ type: 'text[]' })
  mandates: Mandate[] = [];

  @Field({ description: 'False once deactivated: its tokens and keys are refused, it joins no new inspection' })
  @Property({ type: 'boolean' })
  active: boolean = true;
}
