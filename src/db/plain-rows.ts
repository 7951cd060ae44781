import { EntityMetadata, EntityName, ReferenceKind } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

/**
 * Rows for reading only, shaped like the entity without being a managed one:
 * columns renamed to properties and dates parsed by the ORM's compiled result
 * mapper, a many-to-one as `{ <its key>: value }` (what resolvers read through
 * `entry.product.id`). No identity map, no change tracking, no hydration: a
 * read that no write follows pays for none of them. Each row gets the entity's
 * prototype once its own properties are set (so the ORM's property setters on
 * the prototype never run): type-graphql passes an instance of the type to
 * field resolvers as it is, where it would copy anything else into a new
 * entity, property by property, through those setters.
 */
export function plainRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly Row[]): T[] {
  const meta = em.getMetadata().get<T>(entity as string);
  const driver = em.getDriver();
  const references = referencesOf(meta);
  const prototype = meta.prototype as object;
  return rows.map((row) => {
    const plain = driver.mapResult(row as never, meta) as Row;
    for (const [name, key] of references) {
      const value = plain[name];
      if (value !== null && value !== undefined && typeof value !== 'object') plain[name] = { [key]: value };
    }
    whole.add(plain);
    return Object.setPrototypeOf(plain, prototype) as T;
  });
}

/** Every row plainRows made: whole rows, where a reference (`{ id }`) or an ORM reference holds only the key. */
const whole = new WeakSet<object>();

/**
 * The related row a page fetched in its own statement (paginateByParent's
 * `join`), or null when the relation holds only its key and a loader must
 * fetch it.
 */
export function joinedRow<T extends object>(value: T | null | undefined): T | null {
  return value && whole.has(value) ? value : null;
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
