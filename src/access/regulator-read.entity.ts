import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { EnforcementLevel } from '../registry/registry.enums';
import { AuditedRequest } from './audit-record.entity';

/**
 * One regulator's read (a GraphQL query), written by the audit plugin before
 * the response goes out: who, at which level and town, which operation, which
 * enterprises, how many rows. Append-only: the database refuses UPDATE,
 * DELETE and TRUNCATE. Administrators read it (`regulatorReadLog`).
 */
@ObjectType({ description: "One regulator's read of enterprise data: who, what, which enterprises, how many rows" })
@Entity({ tableName: 'regulator_read_log' })
@Index({ properties: ['subject', 'at'] })
export class RegulatorRead extends AuditedRequest {
  @Field(() => String, { nullable: true, description: 'The signed-in account, if one stands behind the token' })
  @Property({ type: 'text', nullable: true })
  userId?: string | null;

  @Field(() => EnforcementLevel, { nullable: true, description: "The regulator's level; null for a token bounded by none" })
  @Enum({ items: () => EnforcementLevel, nativeEnumName: 'enforcement_level', nullable: true })
  level?: EnforcementLevel | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  town?: string | null;

  @Field(() => [String], { description: 'The credit codes of the enterprises asked for or returned' })
  @Property({ type: 'text[]' })
  enterprises!: string[];
}
