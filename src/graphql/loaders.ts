import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { EntityName } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { plainRows } from '../db/plain-rows';
import { selectedFields } from './connection';

/** A domain's per-request DataLoaders, each made by a factory from the request's EntityManager. */
export type LoaderFactories = Record<string, (em: EntityManager) => unknown>;
export type LoadersOf<F extends LoaderFactories> = { readonly [K in keyof F]: ReturnType<F[K]> };

const EM = Symbol('em');

/**
 * The class of one request's loaders: each is made on first use and kept for the request, so a request
 * that reads no relation (a mutation, most calls) makes none, where it made every domain's.
 */
export function lazyLoaders<F extends LoaderFactories>(factories: F): new (em: EntityManager) => LoadersOf<F> {
  class RequestLoaders {
    readonly [EM]: EntityManager;
    constructor(em: EntityManager) {
      this[EM] = em;
    }
  }
  for (const [name, make] of Object.entries(factories)) {
    Object.defineProperty(RequestLoaders.prototype, name, {
      get(this: RequestLoaders) {
        const loader = make(this[EM]);
        Object.defineProperty(this, name, { value: loader });
        return loader;
      },
    });
  }
  return RequestLoaders as unknown as new (em: EntityManager) => LoadersOf<F>;
}

/** One query per relation per request level, whatever the number of parents; rows are plain (read only). */
export function byKeyLoader<T extends object>(em: EntityManager, entity: EntityName<T>, key: keyof T & string) {
  return new DataLoader<string | number, T | undefined>(async (keys) => {
    const rows = await em
      .createQueryBuilder(entity, 't')
      .select('t.*')
      .where({ [key]: { $in: [...keys] } } as never)
      .execute<Record<string, unknown>[]>('all', false);
    const found = new Map(plainRows(em, entity, rows).map((row) => [String(row[key]), row]));
    return keys.map((k) => found.get(String(k)));
  });
}

/** Children of many parents in one query, grouped by the parent's id; rows are plain (read only). */
export function childrenLoader<T extends object>(em: EntityManager, entity: EntityName<T>, parentKey: keyof T & string) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await em
      .createQueryBuilder(entity, 't')
      .select('t.*')
      .where({ [parentKey]: { $in: [...parentIds] } } as never)
      .orderBy({ id: 'asc' } as never)
      .execute<Record<string, unknown>[]>('all', false);
    const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of plainRows(em, entity, rows)) {
      const parent = row[parentKey] as unknown as { id: string };
      groups.get(String(parent.id))?.push(row);
    }
    return parentIds.map((id) => groups.get(id) ?? []);
  });
}

/**
 * Per request: the pages of a connection field for all the parents the
 * query reaches at one level, fetched by one call of `batch`. One batch per
 * field, arguments and selection (parents of the same field under other
 * arguments, or an alias selecting other fields, get their own batch).
 */
export function connectionPages() {
  const loaders = new Map<string, DataLoader<string, unknown>>();
  return function load<P>(info: GraphQLResolveInfo, args: object, parentId: string, batch: (parentIds: readonly string[]) => Promise<Map<string, P>>): Promise<P> {
    const field = `${info.parentType.name}.${info.fieldName}:${JSON.stringify(args)}:${[...selectedFields(info)].sort().join(',')}`;
    let loader = loaders.get(field);
    if (!loader) {
      loader = new DataLoader<string, unknown>(async (ids) => {
        const pages = await batch(ids);
        return ids.map((id) => pages.get(id));
      });
      loaders.set(field, loader);
    }
    return loader.load(parentId) as Promise<P>;
  };
}
