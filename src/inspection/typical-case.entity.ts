import { Entity, Enum, Index, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Inspection } from './inspection.entity';

/** Where a typical case stands on its way into the city's collection. */
export enum TypicalCaseStatus {
  /** Written up by the level that closed the inspection; not yet sent. */
  RECORDED = 'RECORDED',
  /** 报送: sent to the city, awaiting a CITY regulator's review. */
  REPORTED = 'REPORTED',
  /** 收录: the city took it into its collection. Final. */
  ACCEPTED = 'ACCEPTED',
  /** 退回: the city sent it back with its reason; revised, it is reported again. */
  RETURNED = 'RETURNED',
}
registerEnumType(TypicalCaseStatus, { name: 'TypicalCaseStatus', description: "A typical case's way into the city's collection" });

/** 典型案例: a closed inspection with its penalty, written up for the city's collection of cases (二十五). One per inspection. */
@ObjectType({ description: "A typical case (典型案例) for the city's collection, from a closed inspection" })
@Entity({ tableName: 'typical_case' })
@Index({ properties: ['status', 'id'] })
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

  @Field(() => TypicalCaseStatus)
  @Enum({ items: () => TypicalCaseStatus, nativeEnumName: 'typical_case_status', default: TypicalCaseStatus.RECORDED })
  status: TypicalCaseStatus = TypicalCaseStatus.RECORDED;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  recordedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last reported to the city' })
  @Property({ type: 'datetime', nullable: true })
  reportedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  reportedBy?: string | null;

  @Field(() => Date, { nullable: true, description: 'When a CITY regulator last accepted or returned it' })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  reviewedBy?: string | null;

  @Field(() => String, { nullable: true, description: "The city's reason when it last returned the case (kept after a revision, for the record)" })
  @Property({ type: 'text', nullable: true })
  returnReason?: string | null;

  @Field(() => Int, { description: 'How many times the city has returned it' })
  @Property({ type: 'integer', default: 0 })
  returns: number = 0;
}
