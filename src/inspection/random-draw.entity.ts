import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IndustryCategory } from '../registry/registry.enums';
import { RiskGrade } from '../supervision/supervision.enums';
import { EnforcementPlan } from './enforcement-plan.entity';

export enum RandomDrawStatus {
  /** Announced: its filter, count and seed are public; nothing drawn yet. */
  ANNOUNCED = 'ANNOUNCED',
  /** Drawn: its pool is frozen and its GENERAL_RANDOM inspections are in the plan. */
  DRAWN = 'DRAWN',
}
registerEnumType(RandomDrawStatus, { name: 'RandomDrawStatus' });

export enum DrawExclusionReason {
  /** Two inspections in the year already: the yearly cap. */
  AT_YEARLY_CAP = 'AT_YEARLY_CAP',
  /** A key unit whose KEY_UNIT inspection of the year is scheduled or done. */
  KEY_UNIT_COVERED = 'KEY_UNIT_COVERED',
  /** Already drawn by an earlier draw of the same plan. */
  ALREADY_DRAWN = 'ALREADY_DRAWN',
}
registerEnumType(DrawExclusionReason, { name: 'DrawExclusionReason' });

@ObjectType({ description: 'An enterprise drawn, its ticket and the officers drawn for it' })
export class DrawnEnterprise {
  @Field()
  creditCode!: string;

  @Field({ description: 'HMAC-SHA256(seed, "enterprise\\n" + creditCode), hex: the lowest tickets are drawn' })
  ticket!: string;

  @Field(() => [String], { description: 'The officers drawn: the lowest HMAC-SHA256(seed, "inspector\\n" + creditCode + "\\n" + name)' })
  team!: string[];

  @Field(() => ID)
  inspectionId!: string;

  @Field(() => LocalDateResolver)
  scheduledDate!: string;
}

@ObjectType({ description: 'An enterprise matching the filter but left out of the pool, and why' })
export class DrawExclusion {
  @Field()
  creditCode!: string;

  @Field(() => DrawExclusionReason)
  reason!: DrawExclusionReason;
}

/**
 * 双随机一公开: a draw of `count` enterprises from a filtered pool of one
 * plan's level, each inspected by `teamSize` officers drawn from a roster.
 * The seed is published when the draw is announced, before anything is
 * drawn; the algorithm is src/proof/random-draw.ts. Until the user/roster
 * accounts exist, the roster is the officers' names as given.
 */
@ObjectType({ description: 'A random draw (双随机一公开): enterprises and officers drawn with a published seed' })
@Entity({ tableName: 'random_draw' })
@Index({ properties: ['plan'] })
export class RandomDraw {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => EnforcementPlan, { deleteRule: 'cascade' })
  plan!: EnforcementPlan;

  @Field(() => RandomDrawStatus)
  @Enum({ items: () => RandomDrawStatus, nativeEnumName: 'random_draw_status', default: RandomDrawStatus.ANNOUNCED })
  status: RandomDrawStatus = RandomDrawStatus.ANNOUNCED;

  @Field(() => Int, { description: 'How many enterprises are drawn (fewer when the pool is smaller)' })
  @Property({ type: 'integer' })
  count!: number;

  @Field(() => Int, { description: 'Officers per enterprise, at least two' })
  @Property({ type: 'integer' })
  teamSize!: number;

  @Field(() => [String], { description: 'Towns of the pool; empty: every town of the level' })
  @Property({ type: 'text[]' })
  towns!: string[];

  @Field(() => [IndustryCategory], { description: 'Industries of the pool; empty: all' })
  @Property({ type: 'text[]' })
  industries!: IndustryCategory[];

  @Field(() => [RiskGrade], { description: 'Current risk grades of the pool; empty: any, ungraded included' })
  @Property({ type: 'text[]' })
  grades!: RiskGrade[];

  /** The roster the officers are drawn from; public with the result. */
  @Property({ type: 'text[]' })
  roster!: string[];

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  scheduledFrom!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  scheduledTo!: string;

  @Field({ description: '64 hex characters, published at the announcement, before the draw' })
  @Property({ type: 'text' })
  seed!: string;

  @Property({ type: 'text' })
  announcedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  announcedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  drawnAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  drawnBy?: string | null;

  /** Credit codes of the pool as frozen at the draw, ascending. */
  @Property({ type: 'jsonb', nullable: true })
  pool?: string[] | null;

  @Property({ type: 'jsonb', nullable: true })
  excluded?: DrawExclusion[] | null;

  @Property({ type: 'jsonb', nullable: true })
  drawn?: DrawnEnterprise[] | null;
}
