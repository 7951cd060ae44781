import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Inspection } from '../inspection/inspection.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { ProposalKind, ProposalReason, ProposalStatus } from './supervision.enums';

/**
 * A proposal, raised by triggered supervision, to inspect an enterprise
 * (ALERT_TRIGGERED or EVENT_TRIGGERED). `dedupeKey` names the trigger, so one
 * trigger proposes once.
 */
@ObjectType({ description: 'A proposed triggered inspection of an enterprise, with what triggered it' })
@Entity({ tableName: 'supervision_proposal' })
@Index({ properties: ['status', 'id'] })
export class SupervisionProposal {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field(() => ProposalKind)
  @Enum({ items: () => ProposalKind, nativeEnumName: 'proposal_kind' })
  kind!: ProposalKind;

  @Field(() => ProposalReason)
  @Enum({ items: () => ProposalReason, nativeEnumName: 'proposal_reason' })
  reason!: ProposalReason;

  @Field()
  @Property({ type: 'text' })
  detail!: string;

  @Field(() => ProposalStatus)
  @Enum({ items: () => ProposalStatus, nativeEnumName: 'proposal_status' })
  status!: ProposalStatus;

  /** The triggered inspection carrying it, when PROPOSED. */
  @ManyToOne(() => Inspection, { nullable: true, deleteRule: 'set null' })
  inspection?: Inspection | null;

  @Field(() => String, { nullable: true, description: 'Why the inspection domain refused it (REFUSED)' })
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;

  @Field()
  @Property({ type: 'string', length: 200, unique: true })
  dedupeKey!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
