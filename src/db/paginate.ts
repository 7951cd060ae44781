import { EntityMetadata, EntityName, EntityProperty, FilterQuery, FindOptions, raw, ReferenceKind } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, Page, PageArgs, pageSize, toPage } from '../shared/page';
import { plainRows } from './plain-rows';

/**
 * What the query selected of a connection: rows (edges or pageInfo) and
 * totalCount are each fetched only when asked for; `join` names the
 * many-to-one relations of the rows it selects, fetched in the same statement.
 */
export interface PageWants {
  rows?: boolean;
  totalCount?: boolean;
  join?: readonly string[];
}

/**
 * Keyset pagination over one key (numeric, unless `keyPattern` says what a
 * cursor's key looks like, e.g. NAME_KEY), ascending unless `descending`
 * (newest first, for logs read from their end): stable under inserts, no
 * OFFSET scans. `totalCount` is one COUNT over the same filter, run only
 * when the query selects it (otherwise 0, never sent). A caller that does not
 * say (`wants.totalCount` unset) gets a page whose totalCount is counted when
 * read, which GraphQL does only for a query that selects it: a COUNT over the
 * whole filter (every entry of the ledger, for `movements`) is never run for
 * a page that did not ask.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: { key?: keyof T & string; keyPattern?: RegExp; populate?: readonly (keyof T & string)[]; descending?: boolean } & PageWants = {},
): Promise<Page<T>> {
  const key = options.key ?? ('id' as keyof T & string);
  const size = pageSize(args);
  const after = decodeCursor(args.after, options.keyPattern);
  const pageWhere = (after === null ? where : { $and: [where, { [key]: { [options.descending ? '$lt' : '$gt']: after } }] }) as FilterQuery<T>;
  const [rows, totalCount] = await Promise.all([
    size === 0 || options.rows === false
      ? Promise.resolve([] as T[])
      : em.find(entity, pageWhere, {
          orderBy: { [key]: options.descending ? 'desc' : 'asc' } as FindOptions<T>['orderBy'],
          limit: size + 1,
          // MikroORM types the hint by its own Populate<T> paths; relation names are the ones we pass.
          populate: options.populate as FindOptions<T>['populate'],
        }),
    options.totalCount ? em.count(entity, where) : 0,
  ]);
  const page = toPage(rows, size, (row) => String(row[key]), totalCount, after);
  if (options.totalCount === undefined) {
    let counted: Promise<number> | undefined;
    Object.defineProperty(page, 'totalCount', { get: () => (counted ??= em.count(entity, where)), enumerable: true });
  }
  return page;
}

/**
 * One page of children for each of many parents, whatever their number: the
 * page is one statement (a lateral join over the parents' ids, each side
 * walking the (parent, key) index up to `first + 1` rows, as PostGraphile and
 * Hasura do), and totalCount, when selected, one grouped COUNT beside it.
 * Rows are plain (see plainRows): pages are read, never written back.
 */
export async function paginateByParent<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  parent: keyof T & string,
  parentIds: readonly string[],
  where: FilterQuery<T>,
  args: PageArgs,
  options: { key?: keyof T & string } & PageWants = {},
): Promise<Map<string, Page<T>>> {
  const key = options.key ?? ('id' as keyof T & string);
  const parentColumn = columnOf(em, entity, parent);
  const keyColumn = columnOf(em, entity, key);
  const size = pageSize(args);
  const after = decodeCursor(args.after);
  const ids = [...parentIds];
  const [rows, counts] = await Promise.all([
    size === 0 || options.rows === false || ids.length === 0 ? [] : pageRows(em, entity, ids, where, parentColumn, keyColumn, key, size, after, options.join ?? []),
    options.totalCount === false || ids.length === 0 ? new Map<string, number>() : countsByParent(em, entity, parent, ids, where),
  ]);
  const byParent = new Map<string, Record<string, unknown>[]>(ids.map((id) => [id, []]));
  for (const row of rows) byParent.get(String(row.hz_parent))!.push(row);
  return new Map(
    ids.map((id) => [id, toPage(withJoined(em, entity, byParent.get(id)!, options.join ?? []), size, (row) => String(row[key]), counts.get(id) ?? 0, after)]),
  );
}

/** Plain rows with each joined relation's columns (`hz_j_<relation>__<column>`) made a plain row of its own. */
function withJoined<T extends object>(em: EntityManager, entity: EntityName<T>, rows: Record<string, unknown>[], join: readonly string[]): T[] {
  if (join.length === 0) return plainRows(em, entity, rows);
  const meta = em.getMetadata().get<T>(entity as string);
  // Rows picked column by column: the result mapper copies every key it is given.
  const pick = (row: Record<string, unknown>, columns: readonly string[], prefix: string) => {
    const picked: Record<string, unknown> = {};
    for (const column of columns) picked[column] = row[prefix + column];
    return picked;
  };
  const related = join.map((name) => {
    const target = (meta.properties[name as never] as EntityProperty).targetMeta!;
    return { name, rows: plainRows(em, target.class, rows.map((row) => pick(row, columnsOf(target), `hz_j_${name}__`))) };
  });
  const plain = plainRows(em, entity, rows.map((row) => pick(row, columnsOf(meta), '')));
  for (const { name, rows: joined } of related) {
    plain.forEach((row, i) => {
      const record = row as Record<string, unknown>;
      if (record[name] !== null && record[name] !== undefined) record[name] = joined[i];
    });
  }
  return plain;
}

const columnCache = new WeakMap<EntityMetadata, string[]>();

/** An entity's own columns: its scalars and the keys of its owning single-column relations. */
function columnsOf(meta: EntityMetadata): string[] {
  let columns = columnCache.get(meta);
  if (!columns) {
    columns = meta.props
      .filter((p) => p.persist !== false && p.fieldNames?.length === 1 && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)))
      .map((p) => p.fieldNames[0]);
    columnCache.set(meta, columns);
  }
  return columns;
}

async function pageRows<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  ids: string[],
  where: FilterQuery<T>,
  parentColumn: string,
  keyColumn: string,
  key: string,
  size: number,
  after: string | null,
  join: readonly string[],
): Promise<Record<string, unknown>[]> {
  const inner = em
    .createQueryBuilder(entity, 't')
    .select(['t.*', ...join.flatMap((name) => joinedColumns(em, entity, name))])
    .where(where)
    .andWhere(`t.${parentColumn} = hz_p.hz_parent`)
    .orderBy({ [key]: 'asc' } as never)
    .limit(size + 1);
  if (after !== null) inner.andWhere(`t.${keyColumn} > ?`, [after]);
  for (const name of join) inner.leftJoin(`t.${name}`, `hz_j_${name}`);
  const knex = em.getKnex();
  const query = knex
    .select('hz_p.hz_parent', 'hz_x.*')
    .from(knex.raw('unnest(?::bigint[]) with ordinality as hz_p(hz_parent, hz_ord)', [`{${ids.join(',')}}`]))
    .joinRaw('cross join lateral ? as hz_x', [inner.getKnexQuery() as never])
    .orderBy([{ column: 'hz_p.hz_ord' }, { column: `hz_x.${keyColumn}` }]);
  return em.getConnection().execute<Record<string, unknown>[]>(query, [], 'all', em.getTransactionContext());
}

async function countsByParent<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  parent: string,
  ids: string[],
  where: FilterQuery<T>,
): Promise<Map<string, number>> {
  const column = columnOf(em, entity, parent);
  const rows = await em
    .createQueryBuilder(entity, 't')
    .select([raw(`t.${column} as hz_parent`), raw('count(*) as hz_count')])
    .where({ $and: [where, { [parent]: { $in: ids } }] } as never)
    .groupBy(`t.${parent}`)
    .execute<{ hz_parent: string; hz_count: string }[]>('all', false);
  return new Map(rows.map((r) => [String(r.hz_parent), Number(r.hz_count)]));
}

/** The columns of a many-to-one's target, aliased `hz_j_<relation>__<column>`, for a page that joins it. */
function joinedColumns<T extends object>(em: EntityManager, entity: EntityName<T>, relation: string) {
  const prop = em.getMetadata().get(entity as string).properties[relation as never] as EntityProperty;
  return columnsOf(prop.targetMeta!).map((column) => raw(`hz_j_${relation}.${column} as hz_j_${relation}__${column}`));
}

function columnOf<T extends object>(em: EntityManager, entity: EntityName<T>, property: string): string {
  return (em.getMetadata().get(entity as string).properties as Record<string, { fieldNames: string[] }>)[property].fieldNames[0];
}
