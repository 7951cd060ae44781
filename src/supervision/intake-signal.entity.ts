import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';

/** Where a signal for triggered supervision came from, beside the ledger's own alerts and complaints. */
export enum IntakeSource {
  /** An alarm of a monitoring platform (监测预警): a sensor's reading past its threshold. */
  MONITORING_ALARM = 'MONITORING_ALARM',
  /** Found on patrol (巡查发现). */
  PATROL_FINDING = 'PATROL_FINDING',
  /** Referred by another department or level (移送). */
  REFERRAL = 'REFERRAL',
}
registerEnumType(IntakeSource, { name: 'IntakeSource' });

/**
 * A signal that should trigger supervision of an enterprise: the
 * triggered-supervision job turns each into a proposal (once, keyed
 * `intake:<id>`), with the same cap rules as every other trigger.
 */
@ObjectType({ description: 'A monitoring alarm, patrol finding or referral that triggers supervision' })
@Entity({ tableName: 'intake_signal' })
@Index({ properties: ['source', 'id'] })
@Unique({ properties: ['platform', 'externalId'] })
export class IntakeSignal {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field(() => IntakeSource)
  @Enum({ items: () => IntakeSource, nativeEnumName: 'intake_source' })
  source!: IntakeSource;

  @Field(() => String, { nullable: true, description: 'MONITORING_ALARM: the platform that sent it' })
  @Property({ type: 'text', nullable: true })
  platform?: string | null;

  @Field(() => String, { nullable: true, description: "MONITORING_ALARM: the platform's own id of the alarm (a resend is recognised)" })
  @Property({ type: 'text', nullable: true })
  externalId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  sensor?: string | null;

  @Field(() => Number, { nullable: true })
  @Property({ type: 'double', nullable: true })
  reading?: number | null;

  @Field(() => Number, { nullable: true })
  @Property({ type: 'double', nullable: true })
  threshold?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  unit?: string | null;

  @Field(() => String, { nullable: true, description: 'REFERRAL: the department or level that referred it' })
  @Property({ type: 'text', nullable: true })
  referredBy?: string | null;

  @Field()
  @Property({ type: 'text' })
  detail!: string;

  @Field({ description: 'When it happened (the alarm, the patrol, the referral)' })
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field()
  @Property({ type: 'datetime' })
  receivedAt!: Date;

  @Property({ type: 'text' })
  recordedBy!: string;
}
