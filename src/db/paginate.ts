import { EntityName, FilterQuery, FindOptions } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, Page, PageArgs, pageSize, toPage } from '../shared/page';

/**
 * Keyset pagination over one numeric key (ascending): stable under inserts,
 * no OFFSET scans. `totalCount` is one COUNT over the same filter.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  options: { key?: keyof T & string; populate?: FindOptions<T>['populate'] } = {},
): Promise<Page<T>> {
  const key = options.key ?? ('id' as keyof T & string);
  const size = pageSize(args);
  const after = decodeCursor(args.after);
  const pageWhere = (after === null ? where : { $and: [where, { [key]: { $gt: after } }] }) as FilterQuery<T>;
  const [rows, totalCount] = await Promise.all([
    size === 0
      ? Promise.resolve([] as T[])
      : em.find(entity, pageWhere, {
          orderBy: { [key]: 'asc' } as FindOptions<T>['orderBy'],
          limit: size + 1,
          populate: options.populate,
        }),
    em.count(entity, where),
  ]);
  return toPage(rows, size, (row) => String(row[key]), totalCount, after);
}
