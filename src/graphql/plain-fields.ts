import { defaultFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * Lets graphql-js read a plain property field itself. type-graphql gives every
 * `@Field` a resolver of its own (a resolver-data object and the middleware
 * chain, even an empty one): on a nested read that is one call per field of
 * about a thousand nodes. A field with no `@Authorized` rule, no middleware and
 * no field resolver, whose property has the field's name, reads as graphql-js's
 * default resolver reads it, so it gets that one instead. Fields with a rule
 * keep type-graphql's resolver, and with it the auth checker. It is named, not left out: graphql-jit
 * (precompiled-operations.ts) reads a field without a resolver as a plain property, never awaiting a promise
 * there (a page's totalCount) or calling a function, as graphql-js's default resolver does.
 */
export function readPlainFieldsDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const resolved = new Set(storage.fieldResolvers.map((r) => `${r.getObjectType?.()?.name}.${r.schemaName}`));
  for (const definition of storage.objectTypes) {
    const type = schema.getType(definition.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const field of definition.fields ?? []) {
      const plain = !field.roles && (field.middlewares?.length ?? 0) === 0 && field.name === field.schemaName && field.params?.length === 0;
      if (plain && fields[field.schemaName] && !resolved.has(`${definition.target.name}.${field.schemaName}`)) fields[field.schemaName].resolve = defaultFieldResolver;
    }
  }
  return schema;
}
