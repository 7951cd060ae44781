import { Check, Entity, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Inspection } from './inspection.entity';

/** The inspected enterprise's evaluation of an inspection: one per inspection. */
@ObjectType({ description: "The inspected enterprise's evaluation of an inspection" })
@Entity({ tableName: 'inspection_evaluation' })
@Check({ name: 'inspection_evaluation_rating_check', expression: '(rating >= 1) AND (rating <= 5)' })
export class InspectionEvaluation {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @OneToOne(() => Inspection, { owner: true, unique: true, deleteRule: 'cascade' })
  inspection!: Inspection;

  @Field(() => Int, { description: '1 (poor) to 5 (excellent)' })
  @Property({ type: 'smallint' })
  rating!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'text' })
  evaluatedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
