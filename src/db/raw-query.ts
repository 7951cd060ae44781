import type { Knex } from '@mikro-orm/knex';
import { EntityManager } from '@mikro-orm/postgresql';

/**
 * One parameterised statement (`?` placeholders, sent as $n bindings, never
 * inlined) on the EntityManager's transaction when it has one. The ledger's
 * multi-row writes pass their rows as one JSON document read by
 * json_to_recordset, so a 1,000-entry append is one INSERT.
 */
export function rawQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  return run<T>(em, sql, bindings);
}

/**
 * rawQuery as a named prepared statement: each pooled connection parses and
 * plans `sql` once, under `name` (one name, one fixed text). For the
 * statements every append runs: for a single entry, parsing and planning the
 * larger ones cost PostgreSQL more than running them. (Behind a pooler in
 * transaction mode, the pooler must keep prepared statements per server
 * connection, as PgBouncer 1.21+ does with max_prepared_statements.)
 */
export function preparedQuery<T = Record<string, unknown>>(em: EntityManager, name: string, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  return run<T>(em, sql, bindings, name);
}

async function run<T>(em: EntityManager, sql: string, bindings: readonly unknown[], name?: string): Promise<T[]> {
  const knex = (em.getTransactionContext<Knex.Transaction>() ?? em.getKnex()) as Knex;
  const query = knex.raw(sql, bindings as Knex.RawBinding[]);
  const result = await (name ? query.options({ name }) : query);
  return (result as { rows: T[] }).rows;
}
