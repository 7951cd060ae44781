import { Entity, Enum, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
import { NoPenaltyReason } from './inspection.enums';
import { Inspection } from './inspection.entity';
import { PenaltyNotice } from './penalty-notice.entity';

/** The inspection's penalty decision: a legal basis and an amount, or no penalty and why. One per inspection. */
@ObjectType({ description: 'Penalty decision (行政处罚决定) or the decision not to penalise' })
@Entity({ tableName: 'penalty_decision' })
export class PenaltyDecision {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @OneToOne(() => Inspection, { owner: true, unique: true, deleteRule: 'cascade' })
  inspection!: Inspection;

  @Field()
  @Property({ type: 'boolean' })
  penalized!: boolean;

  @Field(() => String, { nullable: true, description: 'The article applied, when penalised' })
  @Property({ type: 'text', nullable: true })
  legalBasis?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Fine in yuan, when penalised' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  amountYuan?: string | null;

  @Field(() => NoPenaltyReason, { nullable: true })
  @Enum({ items: () => NoPenaltyReason, nativeEnumName: 'no_penalty_reason', nullable: true })
  noPenaltyReason?: NoPenaltyReason | null;

  /** The notice it follows: every penalty has one. */
  @OneToOne(() => PenaltyNotice, { owner: true, unique: true, nullable: true })
  notice?: PenaltyNotice | null;

  @Field(() => String, { nullable: true, description: '事理: the facts and the evidence for them' })
  @Property({ type: 'text', nullable: true })
  factReasons?: string | null;

  @Field(() => String, { nullable: true, description: '法理: why the article applies' })
  @Property({ type: 'text', nullable: true })
  legalReasons?: string | null;

  @Field(() => String, { nullable: true, description: '情理: why this amount within the benchmark, from the factors, and the answer to the statement and hearing' })
  @Property({ type: 'text', nullable: true })
  discretionReasons?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'A penalty is public (行政处罚信息公示) until this day, or until its credit repair is approved' })
  @Property({ type: 'date', nullable: true })
  publicUntil?: string | null;

  @Field(() => String, { nullable: true, description: '信用修复告知书: issued with the penalty decision (多书同达)' })
  @Property({ type: 'text', nullable: true })
  creditRepairNotice?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the decision was carried out (履行完毕): fine paid, measures done' })
  @Property({ type: 'date', nullable: true })
  carriedOutOn?: string | null;

  @Property({ type: 'text' })
  decidedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  decidedAt!: Date;
}
