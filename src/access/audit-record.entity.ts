import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DepartmentScalar } from './department-scalar';
import { PartnerDepartment } from './partner-department.entity';

export enum AuditOutcome {
  /** Data and no error. */
  OK = 'OK',
  /** Some fields served, others refused or failed. */
  PARTIAL = 'PARTIAL',
  /** Nothing served: every error a refusal (FORBIDDEN, UNAUTHENTICATED). */
  REFUSED = 'REFUSED',
  /** Nothing served for another reason (invalid query, bad input, failure). */
  FAILED = 'FAILED',
}
registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

/**
 * What the audit trails keep of a request, whoever made it: when, who, the
 * operation as sent, rows returned and outcome. Each trail is a table of its own.
 */
@ObjectType()
export abstract class AuditedRequest {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: 'When the request was answered' })
  @Property({ type: 'datetime', index: true })
  at!: Date;

  @Field({ description: 'The token subject: who asked' })
  @Property({ type: 'text' })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'The operation name, if the request gave one' })
  @Property({ type: 'text', nullable: true })
  operationName?: string | null;

  @Field({ description: 'The GraphQL document as sent' })
  @Property({ type: 'text' })
  query!: string;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  variables!: Record<string, unknown>;

  @Field({
    description:
      'True when the request held text PostgreSQL cannot store (NUL, a lone UTF-16 surrogate): then every backslash of operationName, query and the variables\' strings and keys is doubled and each such character written as \\uXXXX',
  })
  @Property({ type: 'boolean', default: false })
  escaped!: boolean;

  @Field(() => Int, { description: 'Objects returned: list items (edges included) and top-level objects' })
  @Property({ type: 'integer' })
  rowsReturned!: number;

  @Field(() => AuditOutcome)
  @Enum({ items: () => AuditOutcome, nativeEnumName: 'audit_outcome' })
  outcome!: AuditOutcome;

  @Field(() => [String], { description: 'The error codes of the response, in order' })
  @Property({ type: 'text[]' })
  errorCodes!: string[];

  @Field({ description: 'The request id (X-Request-Id), to find it in the logs' })
  @Property({ type: 'text' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: "A subscription event's position in its feed (a ledger logIndex, an alert's or notice's `<tx>.<id>`): the event this row delivered; null for a query or mutation" })
  @Property({ type: 'text', nullable: true })
  eventPosition?: string | null;
}

/**
 * One PARTNER request, written by the audit plugin before the response goes
 * out. Append-only: the database refuses UPDATE, DELETE and TRUNCATE.
 */
@ObjectType({ description: "One partner department's request: who, what, when, how many rows" })
@Entity({ tableName: 'partner_audit_log' })
@Index({ properties: ['department', 'at'] })
export class AuditRecord extends AuditedRequest {
  @Field(() => DepartmentScalar)
  @ManyToOne(() => PartnerDepartment, { mapToPk: true, fieldName: 'department' })
  department!: string;

  @Field(() => String, { nullable: true, description: 'query or mutation; null when the document did not parse' })
  @Property({ type: 'text', nullable: true })
  operationType?: string | null;
}
