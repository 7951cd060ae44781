import {
  defaultFieldResolver,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { acceptText, FILTER_TEXT, TextRule, writtenTextRule } from '../shared/text-policy';

type Path = (string | number)[];

/** Whether an input type holds a String or ID anywhere (so its field needs the policy). */
function holdsText(type: GraphQLInputType, seen = new Set<string>()): boolean {
  if (isNonNullType(type) || isListType(type)) return holdsText(type.ofType, seen);
  if (isScalarType(type)) return type.name === 'String' || type.name === 'ID';
  if (isInputObjectType(type) && !seen.has(type.name)) {
    seen.add(type.name);
    return Object.values(type.getFields()).some((field) => holdsText(field.type, seen));
  }
  return false;
}

function cleanValue(value: unknown, type: GraphQLInputType, path: Path, ruleFor: (path: Path, isId: boolean) => TextRule): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return cleanValue(value, type.ofType, path, ruleFor);
  if (isListType(type)) {
    return Array.isArray(value) ? value.map((item, i) => cleanValue(item, type.ofType, [...path, i], ruleFor)) : cleanValue(value, type.ofType, path, ruleFor);
  }
  if (isScalarType(type)) {
    if ((type.name === 'String' || type.name === 'ID') && typeof value === 'string') return acceptText(value, ruleFor(path, type.name === 'ID'), path);
    return value;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const cleaned: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [name, field] of Object.entries(fields)) {
      if (name in cleaned) cleaned[name] = cleanValue(cleaned[name], field.type, [...path, name], ruleFor);
    }
    return cleaned;
  }
  return value;
}

/** The rule of a string at `path`: reads take filters; a mutation's prose fields may hold line breaks; IDs are short. */
function ruleOf(mutation: boolean) {
  return (path: Path, isId: boolean): TextRule => (!mutation || isId ? FILTER_TEXT : writtenTextRule(path));
}

/**
 * A field's arguments through the text policy (src/shared/text-policy.ts), which throws a refusal;
 * null when none of its arguments can hold text.
 */
export function textArguments(field: GraphQLField<unknown, unknown>, mutation: boolean): ((args: Record<string, unknown>) => Record<string, unknown>) | null {
  const texts = field.args.filter((arg: GraphQLArgument) => holdsText(arg.type));
  if (texts.length === 0) return null;
  const ruleFor = ruleOf(mutation);
  return (args) => {
    const cleaned = { ...args };
    for (const arg of texts) if (arg.name in cleaned) cleaned[arg.name] = cleanValue(cleaned[arg.name], arg.type, [arg.name], ruleFor);
    return cleaned;
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
