import { BigIntType, Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { CreditCodeScalar } from '../graphql/scalars';
import { DepartmentScalar } from '../access/department-scalar';
import { PartnerDepartment } from '../access/partner-department.entity';

/**
 * A key an enterprise's or a partner department's own systems send as
 * `Authorization: Bearer hzk_…`. Only its SHA-256 is kept (the key is 256
 * random bits, so no slow hash is needed); it acts as its enterprise or
 * department, never as a person: it cannot manage accounts or keys.
 */
@ObjectType({ description: "An API key of an enterprise's or a partner department's systems (the key itself is shown once, at creation)" })
@Entity({ tableName: 'api_key' })
@Check({ name: 'api_key_owner_check', expression: '(enterprise is null) <> (department is null)' })
@Index({ properties: ['enterprise'] })
export class ApiKey {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'The first characters of the key (hzk_…), to tell keys apart' })
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'text', unique: true })
  secretHash!: string;

  @Field(() => CreditCodeScalar, { nullable: true })
  @Property({ type: 'string', length: 18, nullable: true })
  enterprise?: string | null;

  @Field(() => DepartmentScalar, { nullable: true })
  @ManyToOne(() => PartnerDepartment, { mapToPk: true, fieldName: 'department', nullable: true })
  department?: string | null;

  @Field(() => [String], { description: 'Addresses or CIDR ranges it may be used from; empty: any' })
  @Property({ type: 'text[]' })
  allowedRanges!: string[];

  @Field(() => String, { description: 'The user who created it' })
  @Property({ type: new BigIntType('string') })
  createdByUserId!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field()
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Recorded at most once a minute' })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  lastUsedAddress?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
