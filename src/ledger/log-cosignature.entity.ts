import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A witness's cosignature of one checkpoint (C2SP tlog-cosignature v1): the
 * signature line as the witness made it, served after the log's own. The
 * first valid one per witness and checkpoint is kept; never updated or deleted.
 */
@Entity({ tableName: 'log_cosignature' })
export class LogCosignature {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  witnessId!: string;

  /** The checkpoint's size (log_checkpoint.size). */
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  size!: string;

  /** `— <name> <base64(key id || 8-byte time || signature)>` with its newline. */
  @Property({ type: 'text' })
  line!: string;

  /** The time the witness put in it (POSIX seconds, as signed). */
  @Property({ type: 'datetime' })
  cosignedAt!: Date;

  @Property({ type: 'datetime' })
  receivedAt!: Date;
}
