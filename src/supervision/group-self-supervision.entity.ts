import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';

/**
 * A group enterprise's undertaking, accepted by a regulator, to find and
 * rectify its subsidiaries' hazards itself (集团自查自改). While in force and
 * honoured, its subsidiaries that are not key units are exempt from spot
 * checks and help visits.
 */
@ObjectType({ description: 'A group enterprise that reports and rectifies its subsidiaries’ hazards itself' })
@Entity({ tableName: 'group_self_supervision' })
export class GroupSelfSupervision {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict', unique: true })
  group!: Enterprise;

  @Field()
  @Property({ type: 'datetime' })
  since!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;

  @Field()
  @Property({ type: 'text' })
  acceptedBy!: string;
}
