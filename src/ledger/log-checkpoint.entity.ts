import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A signed checkpoint of the log (C2SP tlog-checkpoint as a signed note); never updated or deleted. */
@Entity({ tableName: 'log_checkpoint' })
export class LogCheckpoint {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  size!: string;

  /** The root hash, base64 as in the note. */
  @Property({ type: 'string', length: 44 })
  root!: string;

  /** The whole signed note: checkpoint text, blank line, the log's signature line. */
  @Property({ type: 'text' })
  note!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
