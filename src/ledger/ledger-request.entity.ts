import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One accepted submission: a retry with the same requestId and the same digest
 * returns entries firstSeq .. firstSeq + entryCount - 1; another digest is a CONFLICT.
 */
@Entity({ tableName: 'ledger_request' })
export class LedgerRequest {
  @PrimaryKey({ type: 'string', length: 18 })
  chain!: string;

  @PrimaryKey({ type: 'string', length: 64 })
  requestId!: string;

  /** SHA-256 of the JCS of the normalised submitted entries (docs/ledger.md). */
  @Property({ type: 'character', length: 64 })
  digest!: string;

  @Property({ type: 'integer' })
  firstSeq!: number;

  @Property({ type: 'integer' })
  entryCount!: number;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
