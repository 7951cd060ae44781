import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Enterprise } from '../registry/enterprise.entity';
import { LicenceState, LicenceType } from './licensing.enums';

/**
 * A licence, from its application on: the current projection of its events
 * (licence_event). `state` is the lifecycle state the last event left; the
 * status a reader sees (EXPIRED included) comes from `licenceStatus()` in
 * licence-status.ts, so nothing stale is ever stored. Dates are Shanghai
 * calendar dates, `validUntil` inclusive.
 *
 * Supervision (expiry reminders, risk grading) reads: `holder`, `type`,
 * `number`, `state`, `validFrom`, `validUntil`, and `licenceStatus(...)`.
 */
@ObjectType({ description: 'A licence and its current state; its history is in `events`' })
@Entity({ tableName: 'licence' })
@Index({ properties: ['holder', 'type'] })
export class Licence {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => LicenceType)
  @Enum({ items: () => LicenceType, nativeEnumName: 'licence_type' })
  type!: LicenceType;

  @Field(() => String, { nullable: true, description: '许可证编号: assigned when the licence is issued' })
  @Property({ type: 'text', nullable: true })
  @Unique()
  number?: string | null;

  /** The enterprise holding it; exposed through a batched field resolver. */
  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  holder!: Enterprise;

  @Field({ description: 'The holder name printed on the licence' })
  @Property({ type: 'text' })
  holderName!: string;

  @Field()
  @Property({ type: 'text' })
  address!: string;

  @Field({ description: '法定代表人 / 主要负责人' })
  @Property({ type: 'text' })
  legalRepresentative!: string;

  @Field({ description: '发证机关' })
  @Property({ type: 'text' })
  issuingAuthority!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day in force (Shanghai date); set at issue' })
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day in force, inclusive (Shanghai date); set at issue' })
  @Property({ type: 'date', nullable: true })
  validUntil?: string | null;

  /** Lifecycle state after the last event; never EXPIRED (derived). Not exposed: read `status`. */
  @Enum({ items: () => LicenceState, nativeEnumName: 'licence_state', index: true })
  state!: LicenceState;

  @Field({ description: 'When the application was received' })
  @Property({ type: 'datetime' })
  appliedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was issued or refused' })
  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @Field(() => Int, { description: '补办: replacement certificates issued so far' })
  @Property({ type: 'integer', default: 0 })
  reissueCount: number = 0;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;
}
