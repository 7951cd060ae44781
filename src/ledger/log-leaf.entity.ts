import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * An entry's place in the transparency log (docs/log.md): leaf `logIndex` of
 * the Merkle tree is SHA-256(0x00 || the entry's hash bytes). Written only by
 * the integrator, never updated or deleted (migration transparency_log).
 * ledger_entry itself refuses UPDATE, so the position lives here.
 */
@Entity({ tableName: 'log_leaf' })
@Unique({ properties: ['chain', 'seq'] })
export class LogLeaf {
  @PrimaryKey({ type: 'bigint', autoincrement: false })
  logIndex!: string;

  /** ledger_entry.id; no foreign-key constraint, as on the entry's own references. */
  @Property({ type: 'bigint', unique: true })
  entryId!: string;

  @Property({ type: 'string', length: 18 })
  chain!: string;

  @Property({ type: 'integer' })
  seq!: number;
}
