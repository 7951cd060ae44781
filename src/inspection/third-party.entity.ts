import { Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Finding } from './finding.entity';
import { HazardSeverity } from './inspection.enums';
import { Inspection } from './inspection.entity';

export enum ThirdPartyStatus {
  ADMITTED = 'ADMITTED',
  REMOVED = 'REMOVED',
}
registerEnumType(ThirdPartyStatus, { name: 'ThirdPartyStatus' });

export enum ThirdPartyAdviceKind {
  /** 建议: advice the enterprise may follow; never binds. */
  RECOMMENDED = 'RECOMMENDED',
  /** 必须整改: binds only once a regulator confirms it, as a finding. */
  MANDATORY = 'MANDATORY',
}
registerEnumType(ThirdPartyAdviceKind, { name: 'ThirdPartyAdviceKind' });

export enum ThirdPartyAdviceStatus {
  /** RECOMMENDED advice, as given. */
  ADVISORY = 'ADVISORY',
  /** MANDATORY, awaiting a regulator: binds nothing yet. */
  PENDING_CONFIRMATION = 'PENDING_CONFIRMATION',
  /** MANDATORY, confirmed: it is a finding of the inspection. */
  CONFIRMED = 'CONFIRMED',
  /** MANDATORY, not confirmed. */
  DISMISSED = 'DISMISSED',
}
registerEnumType(ThirdPartyAdviceStatus, { name: 'ThirdPartyAdviceStatus' });

/** 第三方服务机构: admitted by the bureau to assist inspections, removed when it no longer qualifies. */
@ObjectType({ description: 'A third-party service organisation (第三方服务机构) assisting inspections' })
@Entity({ tableName: 'third_party_organisation' })
@Unique({ properties: ['creditCode'] })
export class ThirdPartyOrganisation {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field()
  @Property({ type: 'string', length: 18 })
  creditCode!: string;

  @Field({ description: 'What it is admitted for' })
  @Property({ type: 'text' })
  scope!: string;

  @Field(() => ThirdPartyStatus)
  @Enum({ items: () => ThirdPartyStatus, nativeEnumName: 'third_party_status', default: ThirdPartyStatus.ADMITTED })
  status: ThirdPartyStatus = ThirdPartyStatus.ADMITTED;

  @Field()
  @Property({ type: 'datetime' })
  admittedAt!: Date;

  @Property({ type: 'text' })
  admittedBy!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  removedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  removalReason?: string | null;
}

/**
 * What a third party found while assisting an inspection the bureau is making:
 * RECOMMENDED advice, or a MANDATORY rectification that binds the enterprise
 * only once a regulator confirms it (it then becomes a Finding).
 */
@ObjectType({ description: "A third party's advice on an inspection: RECOMMENDED, or MANDATORY once a regulator confirms it" })
@Entity({ tableName: 'third_party_advice' })
export class ThirdPartyAdvice {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Inspection, { deleteRule: 'cascade' })
  inspection!: Inspection;

  @Field(() => ThirdPartyOrganisation)
  @ManyToOne(() => ThirdPartyOrganisation, { eager: true })
  organisation!: ThirdPartyOrganisation;

  @Field(() => ThirdPartyAdviceKind)
  @Enum({ items: () => ThirdPartyAdviceKind, nativeEnumName: 'third_party_advice_kind' })
  kind!: ThirdPartyAdviceKind;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @Field({ description: 'The rule or standard it rests on' })
  @Property({ type: 'text' })
  basis!: string;

  @Field(() => HazardSeverity)
  @Enum({ items: () => HazardSeverity, nativeEnumName: 'hazard_severity' })
  severity!: HazardSeverity;

  @Field(() => LocalDateResolver, { nullable: true, description: 'MANDATORY: the rectification deadline proposed' })
  @Property({ type: 'date', nullable: true })
  proposedDeadline?: string | null;

  @Field(() => ThirdPartyAdviceStatus)
  @Enum({ items: () => ThirdPartyAdviceStatus, nativeEnumName: 'third_party_advice_status' })
  status!: ThirdPartyAdviceStatus;

  /** The finding a confirmation made. */
  @OneToOne(() => Finding, { owner: true, nullable: true, unique: true })
  finding?: Finding | null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  recordedAt!: Date;

  @Property({ type: 'text', nullable: true })
  confirmedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  confirmedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  confirmationReason?: string | null;
}
