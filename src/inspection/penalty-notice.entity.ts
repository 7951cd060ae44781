import { Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
import { Inspection } from './inspection.entity';
import { DiscretionBand, PenaltyMeasure } from './penalty.enums';

/**
 * 行政处罚裁量基准: for a violation and a circumstance band, the factors that
 * place a case in the band and the allowed range of the fine. Data, entered
 * by the bureau; an intended penalty's amount must fall within its row.
 */
@ObjectType({ description: 'A row of the discretion benchmark (裁量基准): a violation, a band, its factors and the allowed fine' })
@Entity({ tableName: 'discretion_benchmark' })
@Unique({ properties: ['violation', 'band'] })
export class DiscretionBenchmark {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: "The violation's code in the bureau's table, e.g. AQ-099-2" })
  @Property({ type: 'text' })
  violation!: string;

  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field()
  @Property({ type: 'text' })
  legalBasis!: string;

  @Field(() => DiscretionBand)
  @Enum({ items: () => DiscretionBand, nativeEnumName: 'discretion_band' })
  band!: DiscretionBand;

  @Field(() => [String], { description: 'The circumstances that place a case in this band; a notice names those that apply' })
  @Property({ type: 'text[]' })
  factors!: string[];

  @Field(() => DecimalScalar)
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  minYuan!: string;

  @Field(() => DecimalScalar)
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  maxYuan!: string;
}

/**
 * 行政处罚告知书: the intended penalty told to the enterprise before the
 * decision, with its rights: a statement and defence within STATEMENT_DAYS,
 * a hearing asked for within HEARING_REQUEST_DAYS when the amount or a
 * measure qualifies. What the enterprise said and whether it was adopted,
 * and why, are recorded here; the decision reads them.
 */
@ObjectType({ description: 'Notice of intended penalty (行政处罚告知书) and the enterprise\'s statement, defence and hearing' })
@Entity({ tableName: 'penalty_notice' })
export class PenaltyNotice {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @OneToOne(() => Inspection, { owner: true, unique: true, deleteRule: 'cascade' })
  inspection!: Inspection;

  @Field(() => DiscretionBenchmark)
  @ManyToOne(() => DiscretionBenchmark, { eager: true })
  benchmark!: DiscretionBenchmark;

  @Field(() => [String], { description: "The benchmark row's factors found in this case" })
  @Property({ type: 'text[]' })
  factors!: string[];

  @Field(() => [PenaltyMeasure])
  @Property({ type: 'text[]' })
  measures!: PenaltyMeasure[];

  @Field(() => DecimalScalar, { nullable: true })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  amountYuan?: string | null;

  @Field({ description: 'The facts found' })
  @Property({ type: 'text' })
  facts!: string;

  @Field({ description: 'The amount or a measure gives the right to a hearing' })
  @Property({ type: 'boolean' })
  hearingRight!: boolean;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  statementDeadline!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date', nullable: true })
  hearingRequestDeadline?: string | null;

  @Property({ type: 'text' })
  notifiedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  notifiedAt!: Date;

  @Field(() => String, { nullable: true, description: '陈述申辩: what the enterprise said' })
  @Property({ type: 'text', nullable: true })
  statement?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  statementAt?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the statement was adopted' })
  @Property({ type: 'boolean', nullable: true })
  statementAdopted?: boolean | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  statementReason?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  hearingRequestedAt?: Date | null;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date', nullable: true })
  hearingHeldOn?: string | null;

  @Field(() => String, { nullable: true, description: 'The hearing record (听证笔录), in short' })
  @Property({ type: 'text', nullable: true })
  hearingRecord?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the hearing's arguments were adopted" })
  @Property({ type: 'boolean', nullable: true })
  hearingAdopted?: boolean | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  hearingReason?: string | null;
}
