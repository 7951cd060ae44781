import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { CreditCodeScalar } from '../graphql/scalars';
import { EnforcementLevel, EnterpriseStatus, IndustryCategory } from './registry.enums';

@ObjectType({ description: 'An enterprise under supervision, identified by its unified social credit code' })
@Entity({ tableName: 'enterprise' })
export class Enterprise {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => CreditCodeScalar)
  @Property({ type: 'string', length: 18 })
  @Unique()
  creditCode!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field()
  @Property({ type: 'text' })
  address!: string;

  @Field({ description: '属地: the town or street the enterprise belongs to' })
  @Property({ type: 'text', index: true })
  town!: string;

  @Field(() => EnforcementLevel)
  @Enum({ items: () => EnforcementLevel, nativeEnumName: 'enforcement_level' })
  enforcementLevel!: EnforcementLevel;

  @Field(() => IndustryCategory)
  @Enum({ items: () => IndustryCategory, nativeEnumName: 'industry_category' })
  industry!: IndustryCategory;

  /** The group enterprise this one belongs to; exposed through a batched field resolver. */
  @ManyToOne(() => Enterprise, { nullable: true, deleteRule: 'restrict' })
  parent?: Enterprise;

  @Field(() => EnterpriseStatus)
  @Enum({ items: () => EnterpriseStatus, nativeEnumName: 'enterprise_status', default: EnterpriseStatus.ACTIVE })
  status: EnterpriseStatus = EnterpriseStatus.ACTIVE;

  @Field({ description: '重点监管单位: a key unit, inspected in full every year' })
  @Property({ type: 'boolean', default: false })
  keyUnit: boolean = false;

  /** The last product number used in a traceability code; numbers are never reused. */
  @Property({ type: 'integer', default: 0, hidden: true })
  lastProductNumber: number = 0;

  @Field()
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;

  @Field()
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt!: Date;
}
