import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';

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
 * larger ones cost PostgreSQL more than running them. Through a pooler in
 * transaction mode (an ORM passed to `unnamedStatementsFor`) it runs unnamed:
 * the next transaction of that client may reach another server connection,
 * one that never prepared the name.
 */
export function preparedQuery<T = Record<string, unknown>>(em: EntityManager, name: string, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  return run<T>(em, sql, bindings, name);
}

/** A statement built at run time: its text (`?` placeholders, a literal `?` written `\?`) and its values in order. */
export interface BoundSql {
  sql: string;
  bindings: unknown[];
}

/**
 * A row written by the statement that reads (a data-modifying CTE, as a request's audit row is):
 * one round trip and one commit for both, the row durable before the answer is. `insert` gives
 * `insert … select … from <source>` (a row when `source` has one), or null when there is none to
 * write; `written` is called once the statement has committed with it.
 */
export interface WriteInRead {
  insert(source: string): BoundSql | null;
  written(): void;
}

/**
 * A statement built at run time (the compiled reads, a log proof's) made ready once, when it is compiled: its
 * placeholders numbered (`$1`…`$n`, as knex.raw would number them, but not on every request) and
 * its prepared name (a fixed text's own `name`, else a hash of the text).
 */
export interface Shape {
  text: string;
  name?: string;
}

export function shapeOf(sql: string, name?: string): Shape {
  let count = 0;
  // As knex numbers them: `\?` is a literal `?`.
  const text = sql.replace(/(\\*)\?/g, (_match, escapes: string) => (escapes.length % 2 ? '?' : `$${++count}`));
  return { text, name: name ?? shapeName(text) };
}

/** Shapes of the texts `make` builds from a part (a request's audit INSERT, one text a role), each made once. */
export function shapesBy(make: (part: string) => string): (part: string) => Shape {
  const made = new Map<string, Shape>();
  return (part) => {
    let shape = made.get(part);
    if (!shape) made.set(part, (shape = shapeOf(make(part))));
    return shape;
  };
}

/**
 * A shape's prepared name, a hash of its text. A name stays prepared on every connection that ran
 * it for as long as the connection lives, so only the first SHAPES texts of the process get one (a
 * caller sending ever-new shapes would otherwise grow every backend); later ones run unnamed, still bound.
 */
function shapeName(text: string): string | undefined {
  const name = `hz_shape_${createHash('sha1').update(text).digest('hex')}`;
  return shapes.has(name) || (shapes.size < SHAPES && shapes.add(name)) ? name : undefined;
}

const SHAPES = 500;
const shapes = new Set<string>();

/** ORMs (their configuration, shared by every fork) whose connections go through a transaction-mode pooler. */
const pooled = new WeakSet<object>();

/**
 * Makes `preparedQuery` on this ORM's EntityManagers send unnamed statements
 * (parsed and planned on every call). PgBouncer before 1.21 (Debian 12 ships
 * 1.18) forwards a named statement's Parse to one server connection and its
 * later Bind to whichever it picks then: "prepared statement does not exist".
 */
export function unnamedStatementsFor(orm: MikroORM): void {
  pooled.add(orm.config);
}

/** Whether this EntityManager's connections keep named statements (not so through a transaction-mode pooler). */
export function namedStatements(em: EntityManager): boolean {
  return !pooled.has(em.config);
}

async function run<T>(em: EntityManager, sql: string, bindings: readonly unknown[], name?: string): Promise<T[]> {
  if (!namedStatements(em)) name = undefined;
  const knex = (em.getTransactionContext<Knex.Transaction>() ?? em.getKnex()) as Knex;
  const query = knex.raw(sql, bindings as Knex.RawBinding[]);
  const result = await (name ? query.options({ name }) : query);
  return (result as { rows: T[] }).rows;
}
