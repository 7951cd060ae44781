import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Chemical } from './chemical.entity';
import { Enterprise } from './enterprise.entity';
import { Unit } from './registry.enums';

/** 一企一品: one enterprise's product of one catalogue chemical, with its traceability code (一码). */
@ObjectType({ description: "One enterprise's product of one catalogue chemical (一企一品一码)" })
@Entity({ tableName: 'product' })
@Unique({ properties: ['enterprise', 'productNumber'] })
export class Product {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: 'Traceability code: credit code, 6-digit product number, check character' })
  @Property({ type: 'string', length: 25 })
  @Unique()
  traceCode!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @ManyToOne(() => Chemical, { deleteRule: 'restrict' })
  @Index()
  chemical!: Chemical;

  @Property({ type: 'integer' })
  productNumber!: number;

  @Field()
  @Property({ type: 'text' })
  tradeName!: string;

  @Field({ description: 'Specification or concentration, e.g. "≥99.5%"' })
  @Property({ type: 'text' })
  specification!: string;

  @Field()
  @Property({ type: 'text' })
  packaging!: string;

  @Field(() => Unit)
  @Enum({ items: () => Unit, nativeEnumName: 'unit' })
  unit!: Unit;

  @Field()
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;
}
