import { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { AuthCheckerInterface, AuthenticationError, AuthorizationError, getMetadataStorage, ResolverData } from 'type-graphql';

/**
 * Root fields whose resolver receives its arguments as graphql-js coerced them, plain objects, rather
 * than as type-graphql's instances of the input classes: type-graphql rebuilds every input object field
 * by field, looking each field's type up in its metadata again, on every call (a third of what
 * recordMovements cost the server over the no-op call in its resolver, issue #12). The resolver runs as
 * type-graphql runs it otherwise: the `@Authorized` rules through the same checker (its refusals, or
 * type-graphql's own errors if it answers false), then the method on the resolver class's one instance.
 * Only a field whose inputs are data (no methods, no defaults of their own, no validation: the schema
 * builds with validate: false) and whose method takes arguments, the context or the info; for any
 * other (a middleware, `@Args`, a root or custom parameter, an argument with validation of its own) the
 * schema does not build, so the shortcut is never taken where it would differ.
 */
export function passPlainArguments(schema: GraphQLSchema, fields: readonly string[], authChecker: AuthCheckerInterface<object>): GraphQLSchema {
  const storage = getMetadataStorage();
  for (const name of fields) {
    const [typeName, fieldName] = name.split('.');
    const root = typeName === 'Mutation' ? schema.getMutationType() : typeName === 'Query' ? schema.getQueryType() : null;
    const field = root?.getFields()[fieldName];
    const metadata = (typeName === 'Mutation' ? storage.mutations : storage.queries).filter((m) => m.schemaName === fieldName);
    if (!field || metadata.length !== 1) throw new Error(`passPlainArguments: no single resolver for ${name}`);
    const { target, methodName, roles, middlewares, params } = metadata[0];
    // Built with the schema (its roles too): before buildSchema they are not there to follow.
    if (!params || !middlewares) throw new Error(`passPlainArguments: ${name}'s metadata is not built`);
    if (middlewares.length > 0) throw new Error(`passPlainArguments: ${name} has middlewares`);
    const readers = [...params]
      .sort((a, b) => a.index - b.index)
      .map((param): ((data: ResolverData<Record<string, unknown>>) => unknown) => {
        if (param.kind === 'arg' && param.validateSettings === undefined && param.validateFn === undefined) return (data) => data.args[param.name];
        if (param.kind === 'context') return param.propertyName === undefined ? (data) => data.context : (data) => data.context[param.propertyName!];
        if (param.kind === 'info') return (data) => data.info;
        throw new Error(`passPlainArguments: ${name} takes a ${param.kind} parameter`);
      });
    const instance = new (target as new () => Record<string, (...values: unknown[]) => unknown>)();
    const resolve: GraphQLFieldResolver<unknown, Record<string, unknown>> = async (root, args, context, info) => {
      const data: ResolverData<Record<string, unknown>> = { root, args, context, info };
      if (roles && !(await authChecker.check(data as ResolverData<never>, roles))) throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
      return instance[methodName](...readers.map((read) => read(data)));
    };
    field.resolve = resolve;
  }
  return schema;
}
