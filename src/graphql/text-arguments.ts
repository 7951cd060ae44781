import {
  defaultFieldResolver,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { acceptText, FILTER_TEXT, writtenTextRule } from '../shared/text-policy';

type Path = (string | number)[];

/** Where a value sits in a field's arguments, as a chain up to the argument: the path is built only to name a refusal. */
interface At {
  up: At | null;
  key: string | number;
}

function pathOf(at: At | null, key: string | number): Path {
  const path: Path = [key];
  for (let node = at; node; node = node.up) path.unshift(node.key);
  return path;
}

/** A value through the text policy: the value itself when nothing in it changed, else a cleaned copy; throws a refusal. */
type Clean = (value: unknown, up: At | null, key: string | number) => unknown;

type Cleaners<K extends object, V> = Record<'read' | 'written', WeakMap<K, V>>;

/** Input objects' cleaners, compiled once for reads and once for mutations, whichever fields take them. */
const objects: Cleaners<GraphQLInputObjectType, Clean | null> = { read: new WeakMap(), written: new WeakMap() };

/**
 * The cleaner of a type: it walks only the fields that can hold text, and a string's rule is known from the name of
 * the field or argument holding it. Null when the type holds no String or ID. An input object is compiled once, so
 * a type that refers to itself is walked by its own cleaner.
 */
function compile(type: GraphQLInputType, name: string, mutation: boolean): Clean | null {
  if (isNonNullType(type)) return compile(type.ofType, name, mutation);
  if (isListType(type)) {
    const clean = compile(type.ofType, name, mutation);
    if (!clean) return null;
    return (value, up, key) => {
      if (!Array.isArray(value)) return clean(value, up, key);
      const at: At = { up, key };
      let copy: unknown[] | null = null;
      value.forEach((item, i) => {
        const cleaned = item === null || item === undefined ? item : clean(item, at, i);
        if (cleaned !== item) (copy ??= [...value])[i] = cleaned;
      });
      return copy ?? value;
    };
  }
  if (isScalarType(type)) {
    if (type.name !== 'String' && type.name !== 'ID') return null;
    // Reads take filters; a mutation's prose fields may hold line breaks; IDs are short.
    const rule = !mutation || type.name === 'ID' ? FILTER_TEXT : writtenTextRule([name]);
    return (value, up, key) => (typeof value === 'string' ? acceptText(value, rule, () => pathOf(up, key)) : value);
  }
  if (isInputObjectType(type)) return objectCleaner(type, mutation);
  return null;
}

function objectCleaner(type: GraphQLInputObjectType, mutation: boolean): Clean | null {
  const compiled = mutation ? objects.written : objects.read;
  const known = compiled.get(type);
  if (known !== undefined) return known;
  const fields: [string, Clean][] = [];
  const clean: Clean = (value, up, key) => {
    if (typeof value !== 'object' || value === null) return value;
    const at: At = { up, key };
    let copy: Record<string, unknown> | null = null;
    for (const [name, cleanField] of fields) {
      const item = (value as Record<string, unknown>)[name];
      if (item === null || item === undefined) continue;
      const cleaned = cleanField(item, at, name);
      if (cleaned !== item) (copy ??= { ...(value as Record<string, unknown>) })[name] = cleaned;
    }
    return copy ?? value;
  };
  compiled.set(type, clean);
  for (const field of Object.values(type.getFields())) {
    const cleanField = compile(field.type, field.name, mutation);
    if (cleanField) fields.push([field.name, cleanField]);
  }
  if (fields.length === 0) compiled.set(type, null);
  return fields.length ? clean : null;
}

type CleanArguments = (args: Record<string, unknown>) => Record<string, unknown>;

/** Fields' argument cleaners, once for reads and once for mutations. */
const argumentCleaners: Cleaners<GraphQLField<unknown, unknown>, CleanArguments | null> = { read: new WeakMap(), written: new WeakMap() };

/**
 * A field's arguments through the text policy (src/shared/text-policy.ts), which throws a refusal;
 * null when none of its arguments can hold text. Compiled once a field.
 */
export function textArguments(field: GraphQLField<unknown, unknown>, mutation: boolean): CleanArguments | null {
  const compiled = mutation ? argumentCleaners.written : argumentCleaners.read;
  if (!compiled.has(field)) compiled.set(field, compileArguments(field, mutation));
  return compiled.get(field)!;
}

function compileArguments(field: GraphQLField<unknown, unknown>, mutation: boolean): CleanArguments | null {
  const texts = field.args.flatMap((arg: GraphQLArgument): [string, Clean][] => {
    const clean = compile(arg.type, arg.name, mutation);
    return clean ? [[arg.name, clean]] : [];
  });
  if (texts.length === 0) return null;
  return (args) => {
    let copy: Record<string, unknown> | null = null;
    for (const [name, clean] of texts) {
      const value = args[name];
      if (value === null || value === undefined) continue;
      const cleaned = clean(value, null, name);
      if (cleaned !== value) (copy ??= { ...args })[name] = cleaned;
    }
    return copy ?? args;
  };
}

/**
 * Puts every String and ID argument of the schema, however deep in an input, through the text
 * policy before its resolver runs: the one place bad text is refused, so no NUL, lone surrogate or
 * control character reaches a service or PostgreSQL (a compiled answer, which runs no resolver,
 * puts its root field's arguments through textArguments).
 */
export function applyTextPolicy(schema: GraphQLSchema): GraphQLSchema {
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const clean = textArguments(field, type === mutationType);
      if (!clean) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => resolve(source, clean(args), context, info);
    }
  }
  return schema;
}
