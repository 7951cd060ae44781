import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { ComplaintStatus } from './supervision.enums';

/** 投诉举报: a complaint about an enterprise, received by the bureau (hotline, letter, online). */
@ObjectType({ description: 'A complaint or report (投诉举报) about an enterprise' })
@Entity({ tableName: 'complaint' })
@Index({ properties: ['status', 'id'] })
export class Complaint {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field({ description: 'How it arrived, e.g. "12345 hotline"' })
  @Property({ type: 'text' })
  channel!: string;

  @Field()
  @Property({ type: 'text' })
  content!: string;

  @Field()
  @Property({ type: 'datetime' })
  receivedAt!: Date;

  @Field(() => ComplaintStatus)
  @Enum({ items: () => ComplaintStatus, nativeEnumName: 'complaint_status', default: ComplaintStatus.OPEN })
  status: ComplaintStatus = ComplaintStatus.OPEN;

  @Field({ description: 'Who recorded it' })
  @Property({ type: 'text' })
  recordedBy!: string;
}
