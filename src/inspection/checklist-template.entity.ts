import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { IndustryCategory } from '../registry/registry.enums';

/**
 * What an item-library template and a compliance guide share: an industry and
 * a category of its work, looked up together.
 */
@ObjectType()
@Index({ properties: ['industry', 'category'] })
export abstract class IndustryCategoryEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => IndustryCategory)
  @Enum({ items: () => IndustryCategory, nativeEnumName: 'industry_category' })
  industry!: IndustryCategory;

  @Field({ description: 'The category of work, as in the item library: e.g. 储存, 装卸, 特种作业' })
  @Property({ type: 'text' })
  category!: string;
}

/**
 * 检查事项库: a checklist item template by industry, category and risk tag,
 * with its legal basis. An inspection's on-site plan is drafted from the
 * templates of its enterprise's industry.
 */
@ObjectType({ description: 'A checklist item template of the item library (检查事项库), with its legal basis' })
@Entity({ tableName: 'checklist_template' })
export class ChecklistTemplate extends IndustryCategoryEntry {
  @Field({ description: 'e.g. 易燃, 有毒, 重大危险源' })
  @Property({ type: 'text' })
  riskTag!: string;

  @Field()
  @Property({ type: 'text' })
  item!: string;

  @Field()
  @Property({ type: 'text' })
  basis!: string;

  @Property({ type: 'text' })
  createdBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
