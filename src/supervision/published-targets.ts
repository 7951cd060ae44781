import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { InspectionType } from '../inspection/inspection.enums';
import { EnforcementLevel } from '../registry/registry.enums';
import { DepartmentScalar } from '../access/department-scalar';

/** One public inspection target: who will be inspected, when, by whom, for what. */
@ObjectType({ description: 'A public inspection target of a month (检查对象与检查事项)' })
export class PublishedTarget {
  @Field()
  enterpriseName!: string;

  @Field({ description: '属地' })
  town!: string;

  @Field(() => InspectionType)
  type!: InspectionType;

  @Field(() => EnforcementLevel)
  enforcingLevel!: EnforcementLevel;

  @Field(() => LocalDateResolver)
  scheduledDate!: string;

  @Field(() => [DepartmentScalar])
  departments!: string[];

  @Field(() => [String], { description: 'The checklist items (检查事项)' })
  items!: string[];
}

@ObjectType({ description: 'The inspection targets and items of a month, as published on the 25th of the month before' })
export class PublishedInspectionTargets {
  @Field({ description: 'YYYY-MM' })
  month!: string;

  @Field()
  publishedAt!: Date;

  @Field(() => [PublishedTarget])
  targets!: PublishedTarget[];
}
