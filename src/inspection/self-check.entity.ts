import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
import { Enterprise } from '../registry/enterprise.entity';
import { ChecklistTemplate } from './checklist-template.entity';
import { ChecklistResult } from './inspection.enums';

export enum CheckSource {
  /** 企业自查 against the item library. */
  SELF_CHECK = 'SELF_CHECK',
  /** An insurer's safety check (安责险 事故预防服务) under a policy in force. */
  INSURER_CHECK = 'INSURER_CHECK',
}
registerEnumType(CheckSource, { name: 'CheckSource' });

/** 安全生产责任保险: an enterprise's safety-liability policy. */
@ObjectType({ description: 'A safety-liability insurance policy (安全生产责任保险)' })
@Entity({ tableName: 'insurance_policy' })
export class InsurancePolicy {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise)
  enterprise!: Enterprise;

  @Field()
  @Property({ type: 'text' })
  insurer!: string;

  @Field()
  @Property({ type: 'text' })
  policyNumber!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  validFrom!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  validUntil!: string;

  @Field(() => DecimalScalar, { description: 'Cover in yuan' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  coverYuan!: string;

  @Property({ type: 'text' })
  recordedBy!: string;
}

/**
 * A check of one item-library item at an enterprise, made by the enterprise
 * itself or by its insurer; an inspection of the same item within
 * RECOGNITION_DAYS may recognise a compliant one instead of checking it again.
 */
@ObjectType({ description: 'A self-check or insurer check of an item-library item' })
@Entity({ tableName: 'item_check' })
@Index({ properties: ['enterprise', 'template', 'checkedOn'] })
export class ItemCheck {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise)
  enterprise!: Enterprise;

  @Field(() => ChecklistTemplate)
  @ManyToOne(() => ChecklistTemplate, { eager: true })
  template!: ChecklistTemplate;

  @Field(() => CheckSource)
  @Enum({ items: () => CheckSource, nativeEnumName: 'check_source' })
  source!: CheckSource;

  @ManyToOne(() => InsurancePolicy, { nullable: true })
  policy?: InsurancePolicy | null;

  @Field(() => ChecklistResult)
  @Enum({ items: () => ChecklistResult, nativeEnumName: 'checklist_result' })
  result!: ChecklistResult;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  checkedOn!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
