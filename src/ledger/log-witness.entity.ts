import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * A witness of the log (docs/verification.md): a party outside the server,
 * such as a partner department or the city bureau, holding its own Ed25519
 * key. It cosigns checkpoints it has found consistent with the last one it
 * holds (C2SP tlog-cosignature); regulators register it by its verifier key.
 */
@ObjectType({ description: 'A witness of the transparency log: a party outside the server that cosigns consistent checkpoints' })
@Entity({ tableName: 'log_witness' })
export class LogWitness {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: "The key's name, as its cosignature lines write it" })
  @Property({ type: 'string', length: 200, unique: true })
  name!: string;

  @Field({ description: 'The note verifier key, <name>+<8 hex key id>+<base64 of 0x04 and the Ed25519 public key>' })
  @Property({ type: 'string', length: 300 })
  key!: string;

  @Field({ description: 'Who it is: the department or body holding the key' })
  @Property({ type: 'string', length: 200 })
  holder!: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  registeredBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  registeredAt!: Date;
}
