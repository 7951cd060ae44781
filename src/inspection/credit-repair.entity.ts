import { Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { PenaltyDecision } from './penalty-decision.entity';
import { CreditRepairStatus } from './penalty.enums';

/** 信用修复: an enterprise's application to end a carried-out penalty's publicity early, and the regulator's review. One per decision. */
@ObjectType({ description: 'Credit repair (信用修复) of a penalty: applied for once the decision is carried out; approval ends its publicity' })
@Entity({ tableName: 'credit_repair' })
export class CreditRepair {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @OneToOne(() => PenaltyDecision, { owner: true, unique: true, deleteRule: 'cascade' })
  decision!: PenaltyDecision;

  @ManyToOne(() => Enterprise)
  enterprise!: Enterprise;

  @Field(() => CreditRepairStatus)
  @Enum({ items: () => CreditRepairStatus, nativeEnumName: 'credit_repair_status', default: CreditRepairStatus.APPLIED })
  status: CreditRepairStatus = CreditRepairStatus.APPLIED;

  @Field({ description: "The enterprise's commitment (信用承诺) and what it corrected" })
  @Property({ type: 'text' })
  statement!: string;

  @Property({ type: 'text' })
  appliedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  appliedAt!: Date;

  @Property({ type: 'text', nullable: true })
  reviewedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reviewReason?: string | null;
}
