import { EntityProperty } from '@mikro-orm/core';
import { GraphQLField, GraphQLType, isEnumType, isListType, isNonNullType } from 'graphql';
import { Declined } from './json-read-plan';

/**
 * What the compiled statement builds for the two uses of its JSON: `source`, the objects graphql-js
 * walks (its scalars' serialize then runs on every value), or `answer`, the response's own data,
 * sent as PostgreSQL wrote it, so every value already as the field's scalar would serialize it.
 */
export type JsonMode = 'source' | 'answer';

/**
 * A column as the field's scalar serializes it; a scalar the compiler does not know declines. As
 * the answer, a value graphql-js would refuse is never built: a non-null field over a nullable
 * column, or an enum whose values are not their names, declines.
 */
export function scalar(field: GraphQLField<unknown, unknown>, prop: EntityProperty, column: string, mode: JsonMode): string {
  let type = field.type;
  if (isNonNullType(type)) {
    if (mode === 'answer' && prop.nullable) decline();
    type = type.ofType;
  }
  if (isListType(type)) {
    if (!prop.columnTypes?.[0]?.endsWith('[]')) decline();
    if (mode === 'answer' && !listItemAsIs(type.ofType)) decline();
    return `to_json(${column})`;
  }
  if (isEnumType(type)) {
    if (mode === 'answer' && type.getValues().some((v) => v.value !== v.name)) decline();
    return `${column}::text`;
  }
  switch ((type as { name: string }).name) {
    case 'ID':
    case 'Decimal':
    case 'String':
    case 'CreditCode':
    case 'LocalDate':
      return `${column}::text`;
    case 'Int':
    case 'Boolean':
      return column;
    case 'DateTime':
      // As DateTimeResolver serializes it: a Date's toISOString, milliseconds (truncated, as both do) and Z.
      if (mode === 'source') return `to_json(${column})`;
      return /^timestamp(tz| with time zone)/.test(prop.columnTypes?.[0] ?? '') ? `to_json(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))` : decline();
    case 'JSONObject':
      return `to_json(${column})`;
    default:
      return decline();
  }
}

/** A list's items that PostgreSQL's to_json writes as their scalar serializes them. */
function listItemAsIs(type: GraphQLType): boolean {
  const item = isNonNullType(type) ? type.ofType : type;
  if (isEnumType(item)) return item.getValues().every((v) => v.value === v.name);
  return ['String', 'ID', 'Int', 'Boolean', 'CasNumber'].includes((item as { name: string }).name);
}

export function decline(): never {
  throw new Declined();
}

/** The cursor of a key as encodeCursor writes it: base64url of `k:<key>`, unpadded. */
export function cursor(key: string): string {
  return `translate(encode(convert_to('k:' || (${key})::text, 'UTF8'), 'base64'), '+/=', '-_')`;
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
