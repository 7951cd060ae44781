import { Entity, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Warehouse } from '../registry/warehouse.entity';

/**
 * What the major-hazard job last found for a warehouse: the persisted flag
 * (so crossing 1 raises one notification) and since when it has held.
 * Queries compute the live sum from balances; this is the job's memory.
 */
@Entity({ tableName: 'major_hazard_flag' })
export class MajorHazardFlag {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @OneToOne(() => Warehouse, { owner: true, deleteRule: 'cascade', unique: true })
  warehouse!: Warehouse;

  @Property({ type: 'decimal', precision: 20, scale: 6 })
  sum!: string;

  @Property({ type: 'boolean' })
  flagged!: boolean;

  /** When the current flag was first seen (null while not flagged). */
  @Property({ type: 'datetime', nullable: true })
  flaggedSince?: Date | null;

  @Property({ type: 'datetime' })
  computedAt!: Date;
}
