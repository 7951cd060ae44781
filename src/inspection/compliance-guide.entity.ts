import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ChecklistTemplate, IndustryCategoryEntry } from './checklist-template.entity';

/**
 * 合规指引 (十七): what the bureau publishes for an industry and a category of
 * its work (储存, 经营, …): an introduction and the items of the item library
 * an enterprise is held to, each with how to comply. Its items are the
 * enterprise's self-check list: a self-check is of an item of a guide in
 * force for its industry. One guide in force per industry and category; a new
 * one supersedes it.
 */
@ObjectType({ description: 'A compliance guide (合规指引) for an industry and category: the items enterprises are held to, each with its legal basis and how to comply; its items are the self-check list' })
@Entity({ tableName: 'compliance_guide' })
export class ComplianceGuide extends IndustryCategoryEntry {
  @Field()
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'What the guide is for and how to use it' })
  @Property({ type: 'text' })
  introduction!: string;

  @Property({ type: 'text' })
  publishedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  publishedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Set once withdrawn or superseded: no longer in force' })
  @Property({ type: 'datetime', nullable: true })
  withdrawnAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  withdrawnBy?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  withdrawReason?: string | null;

  @Field(() => ID, { nullable: true, description: 'The guide that superseded it' })
  @ManyToOne(() => ComplianceGuide, { mapToPk: true, nullable: true })
  supersededBy?: string | null;
}

/** One item of a guide: an item-library template (its item and legal basis) and how to comply with it. */
@ObjectType({ description: 'An item of a compliance guide: an item of the item library and how to comply' })
@Entity({ tableName: 'compliance_guide_item' })
@Index({ properties: ['guide', 'position'] })
export class ComplianceGuideItem {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => ComplianceGuide)
  guide!: ComplianceGuide;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position!: number;

  @ManyToOne(() => ChecklistTemplate)
  template!: ChecklistTemplate;

  @Field({ description: 'How to comply: what to do, keep or show' })
  @Property({ type: 'text' })
  guidance!: string;
}
