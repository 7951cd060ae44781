import { EntityMetadata, EntityName, EntityProperty, FilterQuery, raw, ReferenceKind } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  FieldNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLField,
  GraphQLIncludeDirective,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSkipDirective,
  isEnumType,
  isListType,
  isNonNullType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import type { ReadAudit } from './context';
import { queryShape, Shape, shapeOf } from '../db/raw-query';
import { Allowed, COMPILED, connections, Declined, factsOf, relations } from './json-read-plan';
import { decodeCursor, pageSize } from '../shared/page';

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
  root: { entity: EntityName<object>; where: FilterQuery<object>; args: { first?: number | null; after?: string | null } },
  rules: { allowed: Allowed; identity: string },
  audit?: ReadAudit,
): Promise<Record<string, unknown> | null> {
  const read = statementFor(em, info, root, rules);
  if (read === null) return null;
  // With the request's audit row, the read is a CTE the INSERT reads from: one statement, committed as one.
  const insert = audit?.insert('hz_read', 'hz_read.hz') ?? null;
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
 * and arguments, and which rules the caller passes (`identity`).
 */
const compiled = new WeakMap<FieldNode, Map<string, CompiledRead | null>>();
const PER_FIELD = 64;

function statementFor(
  em: EntityManager,
  info: GraphQLResolveInfo,
  root: { entity: EntityName<object>; where: FilterQuery<object>; args: { first?: number | null; after?: string | null } },
  rules: { allowed: Allowed; identity: string },
): CompiledRead | null {
  const key = JSON.stringify([info.variableValues, root.where, root.args, rules.identity]);
  const known = compiled.get(info.fieldNodes[0]) ?? compiled.set(info.fieldNodes[0], new Map()).get(info.fieldNodes[0])!;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  let statement: CompiledRead | null;
  try {
    const sql = new Sql(em, info, rules.allowed);
    const expression = sql.connection(getNamedType(info.returnType) as GraphQLObjectType, info.fieldNodes, root.entity, root.where, root.args, null);
    const text = `select ${expression} as hz`;
    statement = { sql: text, shape: shapeOf(text), bindings: sql.bindings };
  } catch (error) {
    if (!(error instanceof Declined)) throw error;
    statement = null;
  }
  if (known.size >= PER_FIELD) known.clear();
  known.set(key, statement);
  return statement;
}

/** The statement under construction: its text is returned by each method, its parameters collected in order. */
class Sql {
  readonly bindings: unknown[] = [];
  private aliases = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly info: GraphQLResolveInfo,
    private readonly allowed: Allowed,
  ) {}

  /** A connection's JSON: the page of `entity` rows under `where` (and under the parent row `parent`, if any). */
  connection(type: GraphQLObjectType, nodes: readonly FieldNode[], entity: EntityName<object>, where: FilterQuery<object>, args: { first?: number | null; after?: string | null }, parent: { column: string; alias: string } | null): string {
    // A cursor is base64url; anything else (which decoding would skip) is for the text policy to refuse.
    if (args.after && !/^[\w-]*$/.test(args.after)) throw new Declined();
    let size: number;
    let after: string | null;
    try {
      size = pageSize(args);
      after = decodeCursor(args.after);
    } catch {
      throw new Declined();
    }
    if (size === 0) throw new Declined();
    const meta = this.meta(entity);
    const key = meta.primaryKeys[0];
    const keyColumn = meta.properties[key].fieldNames[0];
    const fields = this.collect(type, nodes, true);
    const x = this.alias();
    const parts: string[] = [];
    let rows = false;
    for (const [name, { field, nodes: sub }] of fields) {
      if (name === 'totalCount') {
        parts.push(`'totalCount', ${this.page(entity, where, parent, null, null, 'count(*)')}`);
      } else if (name === 'edges') {
        rows = true;
        const edge = this.collect(getNamedType(field.type) as GraphQLObjectType, sub, true);
        const edgeParts: string[] = [];
        for (const [edgeName, { field: edgeField, nodes: edgeNodes }] of edge) {
          if (edgeName === 'cursor') edgeParts.push(`'cursor', ${cursor(`${x}.${quote(keyColumn)}`)}`);
          else if (edgeName === 'node') edgeParts.push(`'node', ${this.object(getNamedType(edgeField.type) as GraphQLObjectType, edgeNodes, meta, x)}`);
          else throw new Declined();
        }
        parts.push(`'edges', coalesce(json_agg(json_build_object(${edgeParts.join(', ')}) order by ${x}.${quote(keyColumn)}) filter (where ${x}.hz_n <= ${size}), '[]'::json)`);
      } else if (name === 'pageInfo') {
        rows = true;
        const info = this.collect(getNamedType(field.type) as GraphQLObjectType, sub, true);
        const infoParts: string[] = [];
        const inPage = `filter (where ${x}.hz_n <= ${size})`;
        for (const infoName of info.keys()) {
          if (infoName === 'hasNextPage') infoParts.push(`'hasNextPage', count(*) > ${size}`);
          else if (infoName === 'hasPreviousPage') infoParts.push(`'hasPreviousPage', ${after !== null}`);
          else if (infoName === 'startCursor') infoParts.push(`'startCursor', ${cursor(`min(${x}.${quote(keyColumn)}) ${inPage}`)}`);
          else if (infoName === 'endCursor') infoParts.push(`'endCursor', ${cursor(`max(${x}.${quote(keyColumn)}) ${inPage}`)}`);
          else throw new Declined();
        }
        parts.push(`'pageInfo', json_build_object(${infoParts.join(', ')})`);
      } else {
        throw new Declined();
      }
    }
    const built = `json_build_object(${parts.join(', ')})`;
    if (!rows) return `(select ${built})`;
    return `(select ${built} from ${this.page(entity, where, parent, after, size + 1, null)} ${x})`;
  }

  /** A node's JSON: its selected columns, compiled relations and connections; `row` is the alias its columns are read from. */
  private object(type: GraphQLObjectType, nodes: readonly FieldNode[], meta: EntityMetadata, row: string): string {
    const parts: string[] = [];
    const keys = new Set<string>();
    let resolved = false;
    const put = (key: string, expression: string) => {
      if (keys.has(key)) throw new Declined();
      keys.add(key);
      parts.push(`'${key}', ${expression}`);
    };
    for (const [responseKey, { field, nodes: sub }] of this.collect(type, nodes, true)) {
      const { rules, computed } = factsOf(type.name, field.name);
      if (rules && !this.allowed(rules)) throw new Declined();
      const declared = `${type.name}.${field.name}`;
      const relation = relations.get(declared);
      const connection = connections.get(declared);
      if (relation) {
        const prop = meta.properties[relation] as EntityProperty;
        if (prop.kind !== ReferenceKind.MANY_TO_ONE) throw new Declined();
        const target = prop.targetMeta!;
        const y = this.alias();
        const targetKey = target.properties[target.primaryKeys[0]].fieldNames[0];
        const object = this.object(getNamedType(field.type) as GraphQLObjectType, sub, target, y);
        put(responseKey, `(select ${object} from ${quote(target.tableName)} ${y} where ${y}.${quote(targetKey)} = ${row}.${quote(prop.fieldNames[0])})`);
        resolved = true;
      } else if (connection) {
        const args = getArgumentValues(field, sub[0], this.info.variableValues);
        const where = connection.where(args);
        if (where === null) throw new Declined();
        const key = meta.properties[meta.primaryKeys[0]].fieldNames[0];
        const column = (this.meta(connection.entity).properties[connection.parent] as EntityProperty).fieldNames[0];
        put(responseKey, this.connection(getNamedType(field.type) as GraphQLObjectType, sub, connection.entity, where, args, { column, alias: `${row}.${quote(key)}` }));
        resolved = true;
      } else {
        const prop = meta.properties[field.name] as EntityProperty | undefined;
        if (computed || !prop || prop.kind !== ReferenceKind.SCALAR || prop.fieldNames?.length !== 1) throw new Declined();
        if (!keys.has(field.name)) put(field.name, scalar(field, prop, `${row}.${quote(prop.fieldNames[0])}`));
      }
    }
    if (resolved) put(COMPILED, 'true');
    return `json_build_object(${parts.join(', ')})`;
  }

  /**
   * The rows of a page as a subquery (key order, numbered `hz_n`, at most `limit`), or, with
   * `aggregate`, that aggregate over every row of the filter.
   */
  private page(entity: EntityName<object>, where: FilterQuery<object>, parent: { column: string; alias: string } | null, after: string | null, limit: number | null, aggregate: string | null): string {
    const meta = this.meta(entity);
    const keyColumn = meta.properties[meta.primaryKeys[0]].fieldNames[0];
    const t = this.alias();
    const qb = this.em.createQueryBuilder(entity as EntityName<object>, t).where(where);
    if (aggregate) qb.select(raw(aggregate));
    else qb.select([`${t}.*`, raw(`row_number() over (order by ${t}.${quote(keyColumn)}) as hz_n`)]);
    if (parent) qb.andWhere(`${t}.${quote(parent.column)} = ${parent.alias}`);
    if (after !== null) qb.andWhere(`${t}.${quote(keyColumn)} > ?`, [after]);
    if (limit !== null) qb.orderBy({ [meta.primaryKeys[0]]: 'asc' } as never);
    const knex = qb.getKnexQuery();
    // The limit as a literal, part of the shape (as `first` is in the page's filter): bound, the generic
    // plan did not know it, and walked licence_scope_item's primary key filtering 470 rows a licence.
    if (limit !== null) knex.limit(limit, { skipBinding: true });
    const { sql, bindings } = knex.toSQL();
    this.bindings.push(...bindings);
    return `(${sql})`;
  }

  /**
   * The fields of a selection by response key as graphql-js collects them (fragments inlined,
   * @skip/@include applied). Plain fields are read by the default resolver under their name, so
   * with `byName` they are keyed by name (the same field under two aliases is the same value).
   */
  private collect(type: GraphQLObjectType, nodes: readonly FieldNode[], byName = false): Map<string, { field: GraphQLField<unknown, unknown>; nodes: FieldNode[] }> {
    const out = new Map<string, { field: GraphQLField<unknown, unknown>; nodes: FieldNode[] }>();
    const fields = type.getFields();
    const visit = (set: SelectionSetNode | undefined) => {
      for (const selection of set?.selections ?? []) {
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value === '__typename') continue;
          const field = fields[selection.name.value];
          if (!field) throw new Declined();
          const plain = !relations.has(`${type.name}.${field.name}`) && !connections.has(`${type.name}.${field.name}`);
          const key = byName && plain ? field.name : (selection.alias?.value ?? field.name);
          const entry = out.get(key) ?? out.set(key, { field, nodes: [] }).get(key)!;
          if (entry.field !== field) throw new Declined();
          entry.nodes.push(selection);
        } else {
          const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : this.info.fragments[selection.name.value];
          if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== type.name)) throw new Declined();
          visit(fragment.selectionSet);
        }
      }
    };
    for (const node of nodes) visit(node.selectionSet);
    return out;
  }

  private included(node: Parameters<typeof getDirectiveValues>[1]): boolean {
    if (!node.directives?.length) return true;
    if (getDirectiveValues(GraphQLSkipDirective, node, this.info.variableValues)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.info.variableValues)?.if !== false;
  }

  private meta(entity: EntityName<object>): EntityMetadata {
    return this.em.getMetadata().get(entity as string);
  }

  private alias(): string {
    return `hz_${++this.aliases}`;
  }
}

/** A column as the field's scalar serializes it; a scalar the compiler does not know declines. */
function scalar(field: GraphQLField<unknown, unknown>, prop: EntityProperty, column: string): string {
  let type = field.type;
  if (isNonNullType(type)) type = type.ofType;
  if (isListType(type)) return prop.columnTypes?.[0]?.endsWith('[]') ? `to_json(${column})` : decline();
  if (isEnumType(type)) return `${column}::text`;
  switch ((type as { name: string }).name) {
    case 'ID':
    case 'Decimal':
      return `${column}::text`;
    case 'String':
    case 'CreditCode':
    case 'LocalDate':
      return `${column}::text`;
    case 'Int':
    case 'Boolean':
      return column;
    case 'DateTime':
      return `to_json(${column})`;
    case 'JSONObject':
      return `to_json(${column})`;
    default:
      return decline();
  }
}

function decline(): never {
  throw new Declined();
}

/** The cursor of a key as encodeCursor writes it: base64url of `k:<key>`, unpadded. */
function cursor(key: string): string {
  return `translate(encode(convert_to('k:' || (${key})::text, 'UTF8'), 'base64'), '+/=', '-_')`;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
