import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs } from '../graphql/connection';
import { CreditCodeScalar } from '../graphql/scalars';
import { EnforcementLevel } from '../registry/registry.enums';
import { DepartmentScalar } from '../access/department-scalar';

/** What a role needs: a REGULATOR's level (and town for TOWN), a PARTNER's department, an ENTERPRISE user's credit code. */
@InputType()
class RoleFieldsInput {
  @Field(() => EnforcementLevel, { nullable: true })
  level?: EnforcementLevel | null;

  @Field(() => String, { nullable: true })
  town?: string | null;

  @Field(() => DepartmentScalar, { nullable: true })
  department?: string | null;

  @Field(() => CreditCodeScalar, { nullable: true })
  enterprise?: string | null;
}

@InputType({ description: 'A new account; the password must have 12 characters and not contain either name' })
export class CreateUserInput extends RoleFieldsInput {
  @Field({ description: 'Letters, digits, . _ @ -; kept lower case' })
  loginName!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field()
  password!: string;
}

@InputType({ description: 'Changes an account: fields left out stay; a new role drops the fields of the old one' })
export class UpdateUserInput extends RoleFieldsInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => String, { nullable: true, description: 'A new password: every session of the user ends' })
  password?: string | null;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => CreditCodeScalar, { nullable: true, description: "An enterprise's users" })
  enterprise?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'false: only enabled accounts' })
  includeDisabled?: boolean | null;
}

@InputType({ description: "A key for the enterprise's or department's own systems" })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "ERP 出入库接口"' })
  name!: string;

  @Field({ description: 'At most two years ahead' })
  expiresAt!: Date;

  @Field(() => [String], { nullable: true, description: 'Addresses or CIDR ranges the key may be used from; none: any' })
  allowedRanges?: string[] | null;

  @Field(() => CreditCodeScalar, { nullable: true, description: "Only the user's own enterprise" })
  enterprise?: string | null;
}

@ArgsType()
export class ApiKeysArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false })
  includeRevoked?: boolean | null;
}
