import { EntityManager } from '@mikro-orm/postgresql';
import {
  DocumentNode,
  FieldNode,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
} from 'graphql';
import type { Context, ReadAudit } from './context';
import { AS_TEXT, withConnection } from '../db/plain-connection';
import { BoundSql, Shape, shapeOf } from '../db/raw-query';
import { CompiledRoot, Declined, factsOf, roots } from './json-read-plan';
import { JsonMode } from './json-read-scalars';
import { Sql } from './json-read-sql';
import { textArguments } from './text-arguments';

/**
 * A read-only connection subtree compiled into ONE SQL statement that returns
 * the response's JSON (json_build_object / json_agg over lateral subqueries,
 * as PostGraphile and Hasura build theirs). Domains declare which of their
 * field resolvers are plain reads of the database (a connection over a child
 * table, or a many-to-one): `compiledConnection`, `compiledRelation`, and which
 * root fields may be answered that way: `compiledRoot`. Anything else in the
 * selection (another field resolver, a filter given as text, an argument out
 * of range, a field whose rule refuses the caller) makes the compiler decline,
 * and the query runs through the resolvers as before, errors and all.
 */

/** What a compiled read uses of the request's context (the object itself keys a failed answer's error). */
export interface ReadContext {
  em: EntityManager;
  auditInRead?: ReadAudit;
}

/**
 * The page the root connection `info` selects, built by PostgreSQL as objects for graphql-js to walk,
 * or null when the selection is not one the compiler handles (the caller resolves it as usual).
 */
export async function readConnectionAsJson(context: ReadContext, info: GraphQLResolveInfo, root: CompiledRoot): Promise<Record<string, unknown> | null> {
  // The same read, tried as the request's answer, failed: graphql-js reports that error, as if it had run here.
  const failed = failures.get(context);
  if (failed) {
    failures.delete(context);
    throw failed.error;
  }
  const row = auditRow(context);
  const read = statementFor(context.em, info, root, row !== null, 'source');
  if (read === null) return null;
  const [answer] = await run<Record<string, unknown>>(context, read, row, false);
  return answer.hz;
}

/** An operation, as Apollo has parsed, validated and costed it. */
export interface Operation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

/**
 * The whole answer's `data` of an operation whose one root field a compiled read answers, with
 * the JSON text PostgreSQL built for it, exactly the value graphql-js would have completed (every
 * scalar serialized as its field's, keys in selection order, aliases and `__typename` included):
 * graphql-js does not run. Null when anything else must answer (the operation executes as usual);
 * when the statement fails, its error is the one the field's resolver then raises.
 */
export async function answerAsJson(context: Context, { schema, document, operation, variables }: Operation): Promise<{ key: string; json: string } | null> {
  const [selection] = operation.selectionSet.selections;
  if (operation.operation !== 'query' || operation.selectionSet.selections.length !== 1 || selection.kind !== Kind.FIELD || selection.directives?.length) return null;
  const read = roots.get(selection.name.value);
  const queryType = schema.getQueryType()!;
  const field = queryType.getFields()[selection.name.value];
  if (!read || !field) return null;
  // Variables that do not coerce: execution refuses them.
  const values = getVariableValues(schema, operation.variableDefinitions ?? [], variables).coerced;
  if (!values) return null;
  let root: CompiledRoot | null;
  try {
    const args = getArgumentValues(field, selection, values);
    root = read(context, textArguments(field, false)?.(args) ?? args);
  } catch {
    // A refused argument: the resolver's path says so.
    return null;
  }
  const { rules, computed } = factsOf('Query', field.name);
  if (!root || computed || (rules && !root.rules.allowed(rules))) return null;
  const key = selection.alias?.value ?? selection.name.value;
  const fragments = Object.fromEntries(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
  const info = { fieldName: field.name, fieldNodes: [selection], returnType: field.type, parentType: queryType, path: { prev: undefined, key, typename: queryType.name }, schema, fragments, rootValue: undefined, operation, variableValues: values } as GraphQLResolveInfo;
  const row = auditRow(context);
  let statement: CompiledRead | null;
  try {
    statement = statementFor(context.em, info, root, row !== null, 'answer');
  } catch {
    // Not a refusal of the compiler's: the resolver meets it again, and graphql-js reports it as usual.
    return null;
  }
  if (statement === null) return null;
  try {
    const [answer] = await run<string>(context, statement, row, true);
    return { key, json: answer.hz };
  } catch (error) {
    failures.set(context, { error });
    return null;
  }
}

const failures = new WeakMap<ReadContext, { error: unknown }>();

/** The request's audit row as an INSERT from the read's statement (counting its rows), or null: none, or the plugin writes it. */
function auditRow(context: ReadContext): BoundSql | null {
  return context.auditInRead?.insert('hz_read', 'hz_read.hz_rows') ?? null;
}

/** Runs a compiled read, with the request's audit row when there is one and the statement counts the answer's rows. */
async function run<T>(context: ReadContext, read: CompiledRead, row: BoundSql | null, asText: boolean): Promise<{ hz: T }[]> {
  // With the request's audit row, the read is a CTE the INSERT reads from: one statement, committed as one.
  // Rows the statement cannot count are the plugin's to count, in a row of its own.
  const insert = read.countable ? row : null;
  // Values bound, one prepared statement per shape: planning the literal text cost PostgreSQL as much as running it.
  // Sent to pg as it is: knex.raw would scan the whole text for placeholders on every request.
  const shape = insert ? audited(read, insert.sql) : read.shape;
  const values = insert ? [...read.bindings, ...insert.bindings] : read.bindings;
  const rows = await withConnection(context.em, (connection) => connection.rows<{ hz: T }>({ ...shape, values, ...(asText ? { types: AS_TEXT } : {}) }));
  if (insert) context.auditInRead!.written();
  return rows;
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
 * and arguments, which rules the caller passes (`identity`), whether it
 * counts the answer's rows for an audit row, and what its JSON is for.
 */
const compiled = new WeakMap<FieldNode, Map<string, CompiledRead | null>>();
const PER_FIELD = 64;

function statementFor(em: EntityManager, info: GraphQLResolveInfo, root: CompiledRoot, counting: boolean, mode: JsonMode): CompiledRead | null {
  const key = JSON.stringify([info.variableValues, root.where, root.args, root.rules.identity, counting, mode]);
  const known = compiled.get(info.fieldNodes[0]) ?? compiled.set(info.fieldNodes[0], new Map()).get(info.fieldNodes[0])!;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  let statement: CompiledRead | null;
  try {
    const sql = new Sql(em, info, root.rules.allowed, counting, mode);
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
