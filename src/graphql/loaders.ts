import DataLoader from 'dataloader';
import { EntityName } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

/** One query per relation per request level, whatever the number of parents. */
export function byKeyLoader<T extends object>(em: EntityManager, entity: EntityName<T>, key: keyof T & string) {
  return new DataLoader<string | number, T | undefined>(async (keys) => {
    const rows = await em.find(entity, { [key]: { $in: [...keys] } } as never);
    const found = new Map(rows.map((row) => [String(row[key]), row]));
    return keys.map((k) => found.get(String(k)));
  });
}

/** Children of many parents in one query, grouped by the parent's id. */
export function childrenLoader<T extends object>(em: EntityManager, entity: EntityName<T>, parentKey: keyof T & string) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await em.find(entity, { [parentKey]: { $in: [...parentIds] } } as never, { orderBy: { id: 'asc' } as never });
    const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) {
      const parent = row[parentKey] as unknown as { id: string };
      groups.get(String(parent.id))?.push(row);
    }
    return parentIds.map((id) => groups.get(id) ?? []);
  });
}
