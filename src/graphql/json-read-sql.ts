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
  isNonNullType,
  Kind,
  SelectionSetNode,
  TypeNameMetaFieldDef,
} from 'graphql';
import { Allowed, COMPILED, connections, Declined, factsOf, relations } from './json-read-plan';
import { cursor, JsonMode, quote, scalar } from './json-read-scalars';
import { decodeCursor, pageSize } from '../shared/page';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * A value in SQL: its JSON expression, the lateral joins (onto the row it is read from) that the
 * expression reads, and its rows for the audit trail, as expressions over that row.
 */
interface Built {
  json: string;
  joins: string[];
  rows: string[];
}

interface Collected {
  field: GraphQLField<unknown, unknown>;
  nodes: FieldNode[];
  /** The response keys the field is selected under. */
  keys: Set<string>;
}

/** Objects inside lists, at any depth of a JSON value, as rowsReturned counts them (`\?`: a literal `?`). */
const OBJECTS_IN_LISTS = `'strict $.** \\? (@.type() == "array")[*] \\? (@.type() == "object")'`;

/** Where a value goes in the text while the statement is built. */
const VALUE = /\u0001(\d+)\u0001/g;

/** The statement under construction: its text is returned by each method, its parameters collected in order. */
export class Sql {
  /** The statement's values in the order of its placeholders (set by `statement`). */
  bindings: unknown[] = [];
  /** Values as the pages were built; their places in the text are tokens until `statement` orders them. */
  private values: unknown[] = [];
  /**
   * Whether `hz_rows` is the answer's rows: not when a plain field is selected under two response
   * keys, which the statement builds once and the answer holds twice (the audit counts the answer then).
   */
  countable = true;
  private aliases = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly info: GraphQLResolveInfo,
    private readonly allowed: Allowed,
    /** Whether to count the answer's rows (`hz_rows`), for an audit row written by the statement. */
    private readonly counting: boolean,
    private readonly mode: JsonMode,
  ) {}

  /**
   * The statement: the root connection's JSON `hz` and, counting, `hz_rows`, the rows of the answer
   * as rowsReturned counts them: every edge at any depth, every object in a list inside a JSON value,
   * and the root value itself unless it holds an `edges` list. Counted with each page, so that the
   * audit row need not walk the answer.
   */
  statement(type: GraphQLObjectType, nodes: readonly FieldNode[], entity: EntityName<object>, where: FilterQuery<object>, args: PageArgs): string {
    const page = this.connection(type, nodes, entity, where, args, null);
    const own = [...this.collect(type, nodes, true).values()].some((f) => f.field.name === 'edges' && f.keys.has('edges')) ? '' : ' + 1';
    const x = this.alias();
    const rows = this.counting ? `, (${x}.n${own})::int as hz_rows` : '';
    // Values in the order their placeholders have in the text (a page's come after its children's were built).
    this.bindings = [];
    return `select ${x}.j as hz${rows} from ${page} ${x}`.replace(VALUE, (_token, index: string) => {
      this.bindings.push(this.values[Number(index)]);
      return '?';
    });
  }

  /**
   * A connection as a subquery of one row: its JSON `j` and its rows `n`. The page of `entity` rows
   * under `where` (and under the parent row `parent`, if any, whose `gate` is true for the rows of
   * the parent's page: the one row read past it, for hasNextPage, reads nothing under it).
   */
  private connection(type: GraphQLObjectType, nodes: readonly FieldNode[], entity: EntityName<object>, where: FilterQuery<object>, args: PageArgs, parent: { column: string; alias: string; gate: string | null } | null): string {
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
    const keyColumn = meta.properties[meta.primaryKeys[0]].fieldNames[0];
    const x = this.alias();
    const inPage = `${x}.hz_n <= ${size}`;
    const parts: string[] = [];
    const joins: string[] = [];
    const rows: string[] = [];
    let paged = false;
    for (const [key, { field, nodes: sub }] of this.collect(type, nodes, true)) {
      if (field.name === '__typename') {
        parts.push(`'${key}', '${type.name}'`);
      } else if (field.name === 'totalCount') {
        parts.push(`'${key}', ${this.page(entity, where, parent, null, null, 'count(*)')}`);
      } else if (field.name === 'edges') {
        paged = true;
        const edgeType = getNamedType(field.type) as GraphQLObjectType;
        const edgeParts: string[] = [];
        for (const [edgeKey, { field: edgeField, nodes: edgeNodes }] of this.collect(edgeType, sub, true)) {
          if (edgeField.name === '__typename') edgeParts.push(`'${edgeKey}', '${edgeType.name}'`);
          else if (edgeField.name === 'cursor') edgeParts.push(`'${edgeKey}', ${cursor(`${x}.${quote(keyColumn)}`)}`);
          else if (edgeField.name === 'node') {
            const node = this.object(getNamedType(edgeField.type) as GraphQLObjectType, edgeNodes, meta, x, inPage);
            edgeParts.push(`'${edgeKey}', ${node.json}`);
            joins.push(...node.joins);
            rows.push(...node.rows);
          } else throw new Declined();
        }
        parts.push(`'${key}', coalesce(json_agg(json_build_object(${edgeParts.join(', ')}) order by ${x}.${quote(keyColumn)}) filter (where ${inPage}), '[]'::json)`);
        // The edge itself is a row.
        rows.push('1');
      } else if (field.name === 'pageInfo') {
        paged = true;
        const infoType = getNamedType(field.type) as GraphQLObjectType;
        const infoParts: string[] = [];
        const inPageOnly = `filter (where ${inPage})`;
        for (const [infoKey, { field: infoField }] of this.collect(infoType, sub, true)) {
          if (infoField.name === '__typename') infoParts.push(`'${infoKey}', '${infoType.name}'`);
          else if (infoField.name === 'hasNextPage') infoParts.push(`'${infoKey}', count(*) > ${size}`);
          else if (infoField.name === 'hasPreviousPage') infoParts.push(`'${infoKey}', ${after !== null}`);
          else if (infoField.name === 'startCursor') infoParts.push(`'${infoKey}', ${cursor(`min(${x}.${quote(keyColumn)}) ${inPageOnly}`)}`);
          else if (infoField.name === 'endCursor') infoParts.push(`'${infoKey}', ${cursor(`max(${x}.${quote(keyColumn)}) ${inPageOnly}`)}`);
          else throw new Declined();
        }
        parts.push(`'${key}', json_build_object(${infoParts.join(', ')})`);
      } else {
        throw new Declined();
      }
    }
    const json = `json_build_object(${parts.join(', ')})`;
    const gate = parent?.gate ? ` where ${parent.gate}` : '';
    if (!paged) return `(select ${json} as j${this.counting ? ', 0 as n' : ''}${gate})`;
    const n = !this.counting ? '' : `, ${rows.length ? `coalesce(sum(${rows.join(' + ')}) filter (where ${inPage}), 0)` : '0'} as n`;
    return `(select ${json} as j${n} from ${this.page(entity, where, parent, after, size + 1, null)} ${x}${joins.map((j) => ` ${j}`).join('')}${gate})`;
  }

  /** A node's JSON: its selected columns, compiled relations and connections; `row` is the alias its columns are read from. */
  private object(type: GraphQLObjectType, nodes: readonly FieldNode[], meta: EntityMetadata, row: string, gate: string | null): Built {
    const parts: string[] = [];
    const joins: string[] = [];
    const rows: string[] = [];
    const keys = new Set<string>();
    let resolved = false;
    const put = (key: string, expression: string) => {
      if (keys.has(key)) throw new Declined();
      keys.add(key);
      parts.push(`'${key}', ${expression}`);
    };
    for (const [responseKey, { field, nodes: sub }] of this.collect(type, nodes, true)) {
      if (field.name === '__typename') {
        put(responseKey, `'${type.name}'`);
        continue;
      }
      const { rules, computed } = factsOf(type.name, field.name);
      if (rules && !this.allowed(rules)) throw new Declined();
      const declared = `${type.name}.${field.name}`;
      const relation = relations.get(declared);
      const connection = connections.get(declared);
      if (relation) {
        const prop = meta.properties[relation] as EntityProperty;
        if (prop.kind !== ReferenceKind.MANY_TO_ONE) throw new Declined();
        // As the answer, a null where graphql-js would refuse one is never built.
        if (this.mode === 'answer' && isNonNullType(field.type) && prop.nullable) throw new Declined();
        const target = prop.targetMeta!;
        const y = this.alias();
        const targetKey = target.properties[target.primaryKeys[0]].fieldNames[0];
        const object = this.object(getNamedType(field.type) as GraphQLObjectType, sub, target, y, null);
        const from = `from ${quote(target.tableName)} ${y}${object.joins.map((j) => ` ${j}`).join('')} where ${y}.${quote(targetKey)} = ${row}.${quote(prop.fieldNames[0])}`;
        if (!this.counting || object.rows.length === 0) {
          put(responseKey, `(select ${object.json} ${from})`);
        } else {
          const r = this.alias();
          joins.push(`left join lateral (select ${object.json} as j, ${object.rows.join(' + ')} as n ${from}${gate ? ` and ${gate}` : ''}) ${r} on true`);
          put(responseKey, `${r}.j`);
          rows.push(`coalesce(${r}.n, 0)`);
        }
        resolved = true;
      } else if (connection) {
        const args = getArgumentValues(field, sub[0], this.info.variableValues);
        const where = connection.where(args);
        if (where === null) throw new Declined();
        const key = meta.properties[meta.primaryKeys[0]].fieldNames[0];
        const column = (this.meta(connection.entity).properties[connection.parent] as EntityProperty).fieldNames[0];
        const c = this.alias();
        const page = this.connection(getNamedType(field.type) as GraphQLObjectType, sub, connection.entity, where, args, { column, alias: `${row}.${quote(key)}`, gate });
        joins.push(`left join lateral ${page} ${c} on true`);
        put(responseKey, `${c}.j`);
        if (this.counting) rows.push(`${c}.n`);
        resolved = true;
      } else {
        const prop = meta.properties[field.name] as EntityProperty | undefined;
        if (computed || !prop || prop.kind !== ReferenceKind.SCALAR || prop.fieldNames?.length !== 1) throw new Declined();
        const column = `${row}.${quote(prop.fieldNames[0])}`;
        put(responseKey, scalar(field, prop, column, this.mode));
        if (this.counting && (getNamedType(field.type) as { name: string }).name === 'JSONObject') rows.push(`(select count(*) from jsonb_path_query(to_jsonb(${column}), ${OBJECTS_IN_LISTS}))`);
      }
    }
    // graphql-js reads a declared field's prebuilt value under a compiled object (serveCompiledFields).
    if (resolved && this.mode === 'source') put(COMPILED, 'true');
    return { json: `json_build_object(${parts.join(', ')})`, joins, rows };
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
    let next = 0;
    return `(${sql.replace(/\\\?|\?/g, (mark) => (mark === '?' ? `\u0001${this.values.push(bindings[next++]) - 1}\u0001` : mark))})`;
  }

  /**
   * The fields of a selection by response key as graphql-js collects them, in its order (fragments
   * inlined, @skip/@include applied). For graphql-js to walk (`source`), plain fields are read by the
   * default resolver under their name, so with `byName` they are keyed by name (the same field under
   * two aliases is the same value), and `__typename` is its own to add.
   */
  private collect(type: GraphQLObjectType, nodes: readonly FieldNode[], byName = false): Map<string, Collected> {
    const out = new Map<string, Collected>();
    const fields = type.getFields();
    const visit = (set: SelectionSetNode | undefined) => {
      for (const selection of set?.selections ?? []) {
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const typename = selection.name.value === '__typename';
          if (typename && this.mode === 'source') continue;
          const field = typename ? TypeNameMetaFieldDef : fields[selection.name.value];
          if (!field) throw new Declined();
          const plain = !relations.has(`${type.name}.${field.name}`) && !connections.has(`${type.name}.${field.name}`);
          const responseKey = selection.alias?.value ?? field.name;
          const key = byName && plain && this.mode === 'source' ? field.name : responseKey;
          const entry = out.get(key) ?? out.set(key, { field, nodes: [], keys: new Set() }).get(key)!;
          if (entry.field !== field) throw new Declined();
          entry.nodes.push(selection);
          entry.keys.add(responseKey);
          if (entry.keys.size > 1) this.countable = false;
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
