import { BigIntType, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { SignInOutcome } from './accounts.enums';

/**
 * Every login attempt, kept: who tried (the name as typed, and the user when
 * one matched), from where, and how it ended. The per-name and per-address
 * limits count the failures here. Append-only.
 */
@ObjectType({ description: 'One login attempt' })
@Entity({ tableName: 'sign_in' })
@Index({ properties: ['loginName', 'at'] })
@Index({ properties: ['address', 'at'] })
export class SignIn {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field()
  @Property({ type: 'datetime' })
  at!: Date;

  @Field({ description: 'The login name as given, lower-cased' })
  @Property({ type: 'text' })
  loginName!: string;

  @Field(() => String, { nullable: true, description: 'The user the name matched, if any' })
  @Property({ type: new BigIntType('string'), nullable: true, index: true })
  userId?: string | null;

  @Field({ description: 'The client address (behind a proxy: as TRUST_PROXY allows)' })
  @Property({ type: 'text' })
  address!: string;

  @Field(() => SignInOutcome)
  @Enum({ items: () => SignInOutcome, nativeEnumName: 'sign_in_outcome' })
  outcome!: SignInOutcome;
}
