import { EntityMetadata, EntityName, ReferenceKind } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

/**
 * Rows for reading only, shaped like the entity without being one: columns
 * renamed to properties and dates parsed by the ORM's compiled result mapper,
 * a many-to-one as `{ <its key>: value }` (what resolvers read through
 * `entry.product.id`). No identity map, no change tracking, no hydration of
 * managed entities: a read that no write follows pays for none of them.
 */
export function plainRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly Row[]): T[] {
  const meta = em.getMetadata().get<T>(entity as string);
  const driver = em.getDriver();
  const references = referencesOf(meta);
  return rows.map((row) => {
    const plain = driver.mapResult(row as never, meta) as Row;
    for (const [name, key] of references) {
      const value = plain[name];
      if (value !== null && value !== undefined && typeof value !== 'object') plain[name] = { [key]: value };
    }
    return plain as T;
  });
}

const referenceCache = new WeakMap<EntityMetadata, [string, string][]>();

/** Each single-column many-to-one (or owning one-to-one) with the key property of its target. */
function referencesOf(meta: EntityMetadata): [string, string][] {
  let found = referenceCache.get(meta);
  if (!found) {
    found = meta.props
      .filter((p) => (p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)) && p.fieldNames.length === 1)
      .map((p) => [p.name, p.targetMeta!.primaryKeys[0]]);
    referenceCache.set(meta, found);
  }
  return found;
}
