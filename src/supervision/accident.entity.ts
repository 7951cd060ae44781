import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { AccidentSeverity } from './supervision.enums';

/** A production-safety accident at an enterprise, as the bureau recorded it; feeds risk grading. */
@ObjectType({ description: 'A production-safety accident (生产安全事故) at an enterprise' })
@Entity({ tableName: 'accident' })
@Index({ properties: ['enterprise', 'occurredAt'] })
export class Accident {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field()
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field(() => AccidentSeverity)
  @Enum({ items: () => AccidentSeverity, nativeEnumName: 'accident_severity' })
  severity!: AccidentSeverity;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  deaths: number = 0;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  injuries: number = 0;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @Field({ description: 'Who recorded it' })
  @Property({ type: 'text' })
  recordedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
