import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Warehouse } from '../registry/warehouse.entity';

/**
 * The tonnes a warehouse holds in KG and T products: what OVER_CAPACITY compares with its capacity after
 * each IN. Summing its balances instead costs one row per batch it ever held, on every IN, growing for
 * as long as the warehouse is in use. Kept by statement triggers on ledger_balance (migration
 * warehouse_stock), so that every writer of a balance keeps it too; crossCheckChain compares it with
 * the balances (WAREHOUSE_TONNAGE_MISMATCH). No check that it is not negative: the triggers add changes by
 * INSERT … ON CONFLICT, whose proposed row (a change, maybe negative) is checked before the conflict is found;
 * the balances' own check keeps the totals from going below zero.
 */
@Entity({ tableName: 'ledger_warehouse_stock' })
export class WarehouseStock {
  @ManyToOne(() => Warehouse, { primary: true, deleteRule: 'restrict' })
  warehouse!: Warehouse;

  /** Exact: a KG balance has 3 fractional digits, so in tonnes 6. */
  @Property({ type: 'decimal', precision: 30, scale: 6 })
  tonnes!: string;
}
