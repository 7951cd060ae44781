import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { CasNumberScalar, DecimalScalar } from '../graphql/scalars';

/**
 * One entry of the 2015 hazardous-chemicals catalogue (危险化学品目录), joined
 * with the 2017 explosive-precursor list and GB 18218-2018 table 1. Loaded by
 * a migration from data/; read-only at run time.
 */
@ObjectType({ description: 'An entry of the 2015 hazardous-chemicals catalogue' })
@Entity({ tableName: 'chemical' })
export class Chemical {
  @Field(() => Int, { description: 'The catalogue serial number (序号), 1–2828' })
  @PrimaryKey({ type: 'integer', autoincrement: false })
  serial!: number;

  @Field({ description: '品名' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => [String], { description: 'Other 品名 rows under the same serial (solutions, concentrations)' })
  @Property({ type: 'text[]' })
  variants!: string[];

  @Field(() => [String], { description: '别名' })
  @Property({ type: 'text[]' })
  aliases!: string[];

  @Field(() => [CasNumberScalar])
  @Property({ type: 'text[]' })
  casNumbers!: string[];

  @Field({ description: '剧毒: highly toxic' })
  @Property({ type: 'boolean' })
  highlyToxic!: boolean;

  @Field({ description: '易制爆: on the 2017 explosive-precursor list' })
  @Property({ type: 'boolean' })
  explosivePrecursor!: boolean;

  @Field(() => String, { nullable: true, description: 'Serial on the explosive-precursor list, e.g. "1.1"' })
  @Property({ type: 'text', nullable: true })
  precursorSerial?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'GB 18218-2018 table 1 critical quantity, tonnes (the lowest where several rows share a CAS)',
  })
  @Property({ type: 'decimal', precision: 12, scale: 3, nullable: true })
  thresholdTonnes?: string | null;
}
