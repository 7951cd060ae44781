import { Entity, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Inspection } from './inspection.entity';

/** 典型案例: a closed inspection with its penalty, written up for the city's collection of cases (二十五). One per inspection. */
@ObjectType({ description: "A typical case (典型案例) for the city's collection, from a closed inspection" })
@Entity({ tableName: 'typical_case' })
export class TypicalCase {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @OneToOne(() => Inspection, { owner: true, unique: true })
  inspection!: Inspection;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'What happened and what was decided' })
  @Property({ type: 'text' })
  summary!: string;

  @Field({ description: 'Why it is typical: what others learn from it' })
  @Property({ type: 'text' })
  significance!: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  recordedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was reported to the city' })
  @Property({ type: 'datetime', nullable: true })
  reportedAt?: Date | null;
}
