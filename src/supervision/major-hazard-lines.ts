import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';
import { HazardLine } from './major-hazard-sum';

/**
 * Live stock per warehouse and chemical, from the ledger's balances
 * (ledger_balance), with each chemical's GB 18218 table-1 threshold.
 * `warehouseIds` null: every warehouse holding stock.
 */
export async function loadHazardLines(em: EntityManager, warehouseIds: readonly string[] | null): Promise<Map<string, HazardLine[]>> {
  if (warehouseIds !== null && warehouseIds.length === 0) return new Map();
  const filter = warehouseIds === null ? '' : `and b.warehouse_id in (${warehouseIds.map(() => '?').join(', ')})`;
  const rows: { warehouse_id: string; serial: number; name: string; unit: HazardLine['unit']; quantity: string; threshold_tonnes: string | null }[] =
    await rawQuery(em,
      `select b.warehouse_id::text as warehouse_id, c.serial, c.name, p.unit, sum(b.quantity)::text as quantity, c.threshold_tonnes::text as threshold_tonnes
         from ledger_balance b
         join product p on p.id = b.product_id
         join chemical c on c.serial = p.chemical_serial
        where b.quantity > 0 ${filter}
        group by b.warehouse_id, c.serial, c.name, p.unit, c.threshold_tonnes
        order by b.warehouse_id, c.serial, p.unit`,
      warehouseIds === null ? [] : [...warehouseIds],
    );
  const lines = new Map<string, HazardLine[]>((warehouseIds ?? []).map((id) => [id, []]));
  for (const row of rows) {
    const list = lines.get(row.warehouse_id) ?? [];
    list.push({ chemicalSerial: row.serial, chemicalName: row.name, unit: row.unit, quantity: row.quantity, thresholdTonnes: row.threshold_tonnes });
    lines.set(row.warehouse_id, list);
  }
  return lines;
}
