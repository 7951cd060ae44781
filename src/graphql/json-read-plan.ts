import { EntityName, FilterQuery } from '@mikro-orm/core';
import { defaultFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { Context } from './context';

/**
 * What the compiled read path (json-read.ts) may build in SQL: the field
 * resolvers each domain declares plain reads of its tables, and what
 * type-graphql's metadata says of every other field.
 */
export interface CompiledConnection<A = Record<string, unknown>> {
  /** The child entity and its many-to-one to the parent row. */
  entity: EntityName<object>;
  parent: string;
  /** The rows' filter for these arguments, or null when the arguments need the resolver (text to check, for instance). */
  where(args: A): FilterQuery<object> | null;
}

export const connections = new Map<string, CompiledConnection>();
export const relations = new Map<string, string>();

/** `Type.field` (a field resolver returning a connection of `spec.entity` rows) may be compiled. */
export function compiledConnection<A>(type: string, field: string, spec: CompiledConnection<A>): void {
  connections.set(`${type}.${field}`, spec as CompiledConnection);
}

/** `Type.field` (a field resolver returning the row its many-to-one `property` names) may be compiled. */
export function compiledRelation(type: string, field: string, property: string): void {
  relations.set(`${type}.${field}`, property);
}

/** What the compiled path asks of the caller's rules: may it read a field guarded by these `@Authorized` rules? */
export type Allowed = (rules: string[]) => boolean;

/** The rows a root connection reads for a caller, and which of the caller's rules the compiler may count on. */
export interface CompiledRoot {
  entity: EntityName<object>;
  where: FilterQuery<object>;
  args: { first?: number | null; after?: string | null };
  rules: { allowed: Allowed; identity: string };
}

/** Root query fields a compiled read may answer, by name: their rows for a caller and arguments, or null (the resolver answers). */
export const roots = new Map<string, (context: Context, args: Record<string, unknown>) => CompiledRoot | null>();

/**
 * `Query.field` may be answered by a compiled read on its own, before graphql-js executes anything,
 * when it is an operation's one root field (compiled-answer.plugin.ts); its resolver reads the same.
 */
export function compiledRoot<A>(field: string, read: (context: Context, args: A) => CompiledRoot | null): void {
  roots.set(field, read as (context: Context, args: Record<string, unknown>) => CompiledRoot | null);
}

/** A field resolver under a compiled object returns what the statement built for its response key. */
export const COMPILED = '$';

/** The selection is not one the compiled path handles: the resolvers answer it. */
export class Declined extends Error {}

/** Wraps each declared field's resolver: under a compiled object it reads the prebuilt value. */
export function serveCompiledFields(schema: GraphQLSchema): GraphQLSchema {
  for (const key of [...connections.keys(), ...relations.keys()]) {
    const [typeName, fieldName] = key.split('.');
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    // A plain property's field has graphql-js's default resolver (plain-fields.ts): not a field resolver either.
    if (!field?.resolve || field.resolve === defaultFieldResolver) throw new Error(`json-read: ${key} is not a field resolver of the schema`);
    const resolve = field.resolve;
    field.resolve = (source, args, context, info) => (source[COMPILED] === true ? source[info.path.key] : resolve(source, args, context, info));
  }
  return schema;
}

interface FieldFacts {
  rules?: string[];
  /** A field resolver or a middleware of type-graphql's runs for it: its value is not the property's. */
  computed: boolean;
}

let facts: Map<string, FieldFacts> | undefined;

/**
 * What type-graphql's metadata (built with the schema) says of an object field: its
 * `@Authorized` rules, and whether anything but the property gives its value (of a query: whether
 * a middleware of its own runs). Read from the
 * metadata, not from `field.resolve`, which Apollo wraps on every field when a plugin watches them.
 */
export function factsOf(type: string, field: string): FieldFacts {
  if (!facts) {
    const storage = getMetadataStorage();
    const found = new Map<string, FieldFacts>();
    for (const definition of storage.objectTypes) {
      for (const f of definition.fields ?? []) {
        found.set(`${definition.name}.${f.schemaName}`, { rules: f.roles, computed: (f.middlewares?.length ?? 0) > 0 || f.name !== f.schemaName });
      }
    }
    for (const q of storage.queries) found.set(`Query.${q.schemaName}`, { rules: q.roles, computed: (q.middlewares?.length ?? 0) > 0 });
    for (const r of storage.fieldResolvers) {
      const owner = storage.objectTypes.find((o) => o.target === r.getObjectType?.());
      if (owner) found.set(`${owner.name}.${r.schemaName}`, { rules: r.roles, computed: true });
    }
    facts = found;
  }
  return facts.get(`${type}.${field}`) ?? { computed: true };
}
