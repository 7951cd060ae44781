import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel } from '../registry/registry.enums';

export enum AssistanceStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
}
registerEnumType(AssistanceStatus, { name: 'AssistanceStatus' });

/** 协查单: one enforcement level asks another (city, district, town) to check a matter at an enterprise, by a due date. */
@ObjectType({ description: 'An assistance request (协查单) between enforcement levels, and its answer' })
@Entity({ tableName: 'assistance_request' })
@Index({ properties: ['status', 'dueDate'] })
export class AssistanceRequest {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => EnforcementLevel)
  @Enum({ items: () => EnforcementLevel, nativeEnumName: 'enforcement_level' })
  fromLevel!: EnforcementLevel;

  @Field(() => EnforcementLevel)
  @Enum({ items: () => EnforcementLevel, nativeEnumName: 'enforcement_level' })
  toLevel!: EnforcementLevel;

  @ManyToOne(() => Enterprise)
  enterprise!: Enterprise;

  @Field({ description: 'What is to be checked' })
  @Property({ type: 'text' })
  matter!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  dueDate!: string;

  @Field(() => AssistanceStatus)
  @Enum({ items: () => AssistanceStatus, nativeEnumName: 'assistance_status', default: AssistanceStatus.OPEN })
  status: AssistanceStatus = AssistanceStatus.OPEN;

  @Property({ type: 'text' })
  requestedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  requestedAt!: Date;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Property({ type: 'text', nullable: true })
  answeredBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  answeredAt?: Date | null;
}
