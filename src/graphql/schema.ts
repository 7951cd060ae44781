import { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, NonEmptyArray } from 'type-graphql';
import { AuthChecker } from '../access/auth-checker';
import { registryResolvers } from '../registry/registry.resolver';

/** Every domain's resolvers. */
const resolvers = [...registryResolvers] as unknown as NonEmptyArray<Function>;

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker: AuthChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  });
}
