import { EntityName, FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { FieldNode, getNamedType, GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import type { ReadAudit } from './context';
import { queryShape, Shape, shapeOf } from '../db/raw-query';
import { Allowed, Declined } from './json-read-plan';
import { PageArgs, Sql } from './json-read-sql';

/**
 * A read-only connection subtree compiled into ONE SQL statement that returns
 * the response's JSON (json_build_object / json_agg over correlated
 * subqueries, as PostGraphile and Hasura build theirs), so that graphql-js
 * only walks finished objects. Domains declare which of their field resolvers
 * are plain reads of the database (a connection over a child table, or a
 * many-to-one): `compiledConnection`, `compiledRelation`. Anything else in the
 * selection (another field resolver, a filter given as text, an argument out
 * of range, a field whose rule refuses the caller) makes the compiler decline,
 * and the query runs through the resolvers as before, errors and all.
 *
 * The page the root connection `info` selects, built by PostgreSQL, or null
 * when the selection is not one the compiler handles (the caller resolves it
 * as usual).
 */
export async function readConnectionAsJson(
  em: EntityManager,
  info: GraphQLResolveInfo,
  root: { entity: EntityName<object>; where: FilterQuery<object>; args: PageArgs },
  rules: { allowed: Allowed; identity: string },
  audit?: ReadAudit,
): Promise<Record<string, unknown> | null> {
  // With the request's audit row, the read is a CTE the INSERT reads from: one statement, committed as one.
  const row = audit?.insert('hz_read', 'hz_read.hz_rows') ?? null;
  const read = statementFor(em, info, root, rules, row !== null);
  if (read === null) return null;
  // Rows the statement cannot count are the plugin's to count, in a row of its own.
  const insert = read.countable ? row : null;
  // Values bound, one prepared statement per shape: planning the literal text cost PostgreSQL as much as running it.
  const rows = insert
    ? await queryShape<{ hz: Record<string, unknown> }>(em, audited(read, insert.sql), [...read.bindings, ...insert.bindings])
    : await queryShape<{ hz: Record<string, unknown> }>(em, read.shape, read.bindings);
  if (insert) audit!.written();
  return rows[0].hz;
}

/** A compiled read: its statement made ready for pg once, its values, and the same read with an audit row once one was asked. */
interface CompiledRead {
  shape: Shape;
  bindings: unknown[];
  sql: string;
  /** Whether the statement's `hz_rows` are the answer's rows (Sql.countable). */
  countable: boolean;
  withAudit?: { insert: string; shape: Shape };
}

/** The read as a CTE of the audit row's INSERT (whose text is the same for every request), made ready once. */
function audited(read: CompiledRead, insert: string): Shape {
  if (read.withAudit?.insert !== insert) read.withAudit = { insert, shape: shapeOf(`with hz_read as (${read.sql}), hz_audit as (${insert}) select hz from hz_read`) };
  return read.withAudit.shape;
}

/**
 * Statements already compiled, per field of a parsed document (Apollo keeps
 * documents it has parsed, so a query sent again is the same node): building
 * one through MikroORM's query builder cost about a fifth of a request, and
 * numbering its parameters (knex.raw) another 5 %.
 * The key holds all the statement depends on: the variables, the root filter
 * and arguments, which rules the caller passes (`identity`), and whether it
 * counts the answer's rows for an audit row.
 */
const compiled = new WeakMap<FieldNode, Map<string, CompiledRead | null>>();
const PER_FIELD = 64;

function statementFor(
  em: EntityManager,
  info: GraphQLResolveInfo,
  root: { entity: EntityName<object>; where: FilterQuery<object>; args: PageArgs },
  rules: { allowed: Allowed; identity: string },
  counting: boolean,
): CompiledRead | null {
  const key = JSON.stringify([info.variableValues, root.where, root.args, rules.identity, counting]);
  const known = compiled.get(info.fieldNodes[0]) ?? compiled.set(info.fieldNodes[0], new Map()).get(info.fieldNodes[0])!;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  let statement: CompiledRead | null;
  try {
    const sql = new Sql(em, info, rules.allowed, counting);
    const text = sql.statement(getNamedType(info.returnType) as GraphQLObjectType, info.fieldNodes, root.entity, root.where, root.args);
    statement = { sql: text, shape: shapeOf(text), bindings: sql.bindings, countable: sql.countable };
  } catch (error) {
    if (!(error instanceof Declined)) throw error;
    statement = null;
  }
  if (known.size >= PER_FIELD) known.clear();
  known.set(key, statement);
  return statement;
}

