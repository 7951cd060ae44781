import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../graphql/connection';
import { LogWitness } from './log-witness.entity';

@ObjectType({ description: 'A signed checkpoint of the transparency log (C2SP tlog-checkpoint as a C2SP signed note; docs/log.md)' })
export class LogCheckpointView {
  @Field({ description: "The log's origin: the checkpoint's first line and its key's name" })
  origin!: string;

  @Field(() => Int, { description: 'Entries in the tree' })
  size!: number;

  @Field({ description: 'The Merkle tree root, base64' })
  root!: string;

  @Field({ description: "The whole signed note: checkpoint text, a blank line, the log's signature and the witnesses' cosignatures" })
  note!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "An entry with its RFC 9162 inclusion proof against a signed checkpoint: leaf = SHA-256(0x00 || the hash's 32 bytes)" })
export class LogEntryProof {
  @Field()
  chain!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => Int, { description: "The entry's leaf index in the log" })
  logIndex!: number;

  @Field(() => Int, { description: 'Size of the checkpoint the proof is against' })
  treeSize!: number;

  @Field({ description: 'The entry hash: lowercase hex SHA-256 of canonical' })
  hash!: string;

  @Field({ description: 'The RFC 8785 canonical JSON of the entry' })
  canonical!: string;

  @Field(() => [String], { description: 'Inclusion proof hashes, base64, from the leaf up' })
  proof!: string[];
}

@ObjectType({ description: 'RFC 9162 consistency proof: the tree of size `from` is a prefix of the tree of size `to`' })
export class LogConsistencyProof {
  @Field(() => Int)
  from!: number;

  @Field(() => Int)
  to!: number;

  @Field(() => [String], { description: 'Proof hashes, base64' })
  proof!: string[];
}

@InputType({ description: 'A witness to register: its cosignature verifier key and who holds it' })
export class RegisterLogWitnessInput {
  @Field({ description: '<name>+<8 hex key id>+<base64 of 0x04 and the Ed25519 public key> (C2SP tlog-cosignature)' })
  key!: string;

  @Field({ description: 'The department or body holding the key' })
  holder!: string;
}

@ObjectType()
export class LogWitnessConnection extends connectionType(LogWitness) {}
