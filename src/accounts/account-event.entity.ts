import { BigIntType, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { AccountAction } from './accounts.enums';

/** Who did what to which account: creation, changes, disabling, revocations, keys. Append-only. */
@ObjectType({ description: 'One change to an account' })
@Entity({ tableName: 'account_event' })
@Index({ properties: ['userId', 'at'] })
export class AccountEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field()
  @Property({ type: 'datetime', index: true })
  at!: Date;

  @Field({ description: 'Who did it, as the logs name callers (ROLE:…:subject), or "system"' })
  @Property({ type: 'text' })
  actor!: string;

  @Field(() => String, { description: 'The account it was done to' })
  @Property({ type: new BigIntType('string') })
  userId!: string;

  @Field(() => AccountAction)
  @Enum({ items: () => AccountAction, nativeEnumName: 'account_action' })
  action!: AccountAction;

  @Field(() => GraphQLJSONObject, { description: 'What changed (never a password or a key)' })
  @Property({ type: 'json' })
  details!: Record<string, unknown>;
}
