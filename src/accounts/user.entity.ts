import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../access/viewer';
import { CreditCodeScalar } from '../graphql/scalars';
import { EnforcementLevel } from '../registry/registry.enums';
import { DepartmentScalar } from '../access/department-scalar';
import { PartnerDepartment } from '../access/partner-department.entity';

/**
 * A person who signs in. What the role needs is held by a CHECK, so no row
 * can be a regulator without a level, a TOWN regulator without its town, a
 * partner without its department or an enterprise user without its enterprise.
 */
@ObjectType({ description: 'A user account: who signs in, as what' })
@Entity({ tableName: 'users' })
@Check({
  name: 'users_role_fields_check',
  expression: `(role = 'ADMIN' and level is null and town is null and department is null and enterprise is null)
 or (role = 'REGULATOR' and level is not null and (town is not null) = (level = 'TOWN') and department is null and enterprise is null)
 or (role = 'PARTNER' and department is not null and level is null and town is null and enterprise is null)
 or (role = 'ENTERPRISE' and enterprise is not null and level is null and town is null and department is null)`,
})
@Index({ properties: ['enterprise'] })
export class User {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: 'What the user types to sign in: lower case, unique' })
  @Property({ type: 'text', unique: true })
  loginName!: string;

  @Field()
  @Property({ type: 'text' })
  displayName!: string;

  @Field(() => Role)
  @Enum({ items: () => Role, nativeEnumName: 'role' })
  role!: Role;

  @Field(() => EnforcementLevel, { nullable: true, description: "A REGULATOR's level" })
  @Enum({ items: () => EnforcementLevel, nativeEnumName: 'enforcement_level', nullable: true })
  level?: EnforcementLevel | null;

  @Field(() => String, { nullable: true, description: "A TOWN regulator's town (属地)" })
  @Property({ type: 'text', nullable: true })
  town?: string | null;

  @Field(() => DepartmentScalar, { nullable: true, description: "A PARTNER's department" })
  @ManyToOne(() => PartnerDepartment, { mapToPk: true, fieldName: 'department', nullable: true })
  department?: string | null;

  @Field(() => CreditCodeScalar, { nullable: true, description: "An ENTERPRISE user's enterprise" })
  @Property({ type: 'string', length: 18, nullable: true })
  enterprise?: string | null;

  /** Argon2id, PHC string. Never a field. */
  @Property({ type: 'text', lazy: true })
  passwordHash!: string;

  @Field(() => Date, { nullable: true, description: 'Set while the account is disabled' })
  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date | null;

  /**
   * Raised by revokeSessions, disabling, a password or role change: every
   * access and refresh token carries the epoch it was issued in and stops
   * working once it is behind.
   */
  @Field(() => Int, { description: 'Raised whenever every session of the user is ended' })
  @Property({ type: 'integer', default: 0 })
  sessionEpoch: number = 0;

  @Field()
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field()
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
