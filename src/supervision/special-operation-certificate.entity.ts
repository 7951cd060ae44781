import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { SpecialOperationType } from './supervision.enums';

/** 特种作业操作证: a certificate held by an enterprise's employee, reviewed (复审) by a date. */
@ObjectType({ description: 'A special-operation certificate (特种作业操作证) held by an employee of an enterprise' })
@Entity({ tableName: 'special_operation_certificate' })
@Unique({ properties: ['type', 'number'] })
export class SpecialOperationCertificate {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field({ description: 'The holder’s name' })
  @Property({ type: 'text' })
  holder!: string;

  @Field(() => SpecialOperationType)
  @Enum({ items: () => SpecialOperationType, nativeEnumName: 'special_operation_type' })
  type!: SpecialOperationType;

  @Field({ description: 'The certificate number' })
  @Property({ type: 'string', length: 64 })
  number!: string;

  @Field(() => GraphQLLocalDate, { description: 'The next review date (复审日期), a Shanghai calendar date' })
  @Property({ type: 'date' })
  @Index()
  reviewDate!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
