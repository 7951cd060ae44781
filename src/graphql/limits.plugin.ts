import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, FragmentDefinitionNode, GraphQLError, GraphQLSchema, Kind, SelectionSetNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../shared/page';
import { OperationCostCache } from './operation-cost-cache';

/** A list field costs its page size times its children: `first: 100` of something costly is costly. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (args && ('first' in args || 'after' in args)) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + Math.max(first, 1) * childComplexity;
  }
  return undefined;
};

export function queryDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(sel.selectionSet, seen));
      } else {
        const name = sel.name.value;
        if (seen.has(name)) continue;
        max = Math.max(max, depthOf(fragments.get(name)?.selectionSet, new Set([...seen, name])));
      }
    }
    return max;
  };
  let depth = 0;
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && def.name?.value !== operationName) continue;
    depth = Math.max(depth, depthOf(def.selectionSet, new Set()));
  }
  return depth;
}

export interface QueryLimits<TContext> {
  maxDepth: number;
  /** The cost budget of the caller: anonymous callers get a lower one than authenticated ones. */
  maxCost: (context: TContext) => number;
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

/**
 * Refuses too-deep or too-costly operations before they run, and reports the
 * cost of accepted ones in `extensions.cost`. An operation the cost library
 * cannot cost (it gives up past 10,000 selection nodes, e.g. fragments spread
 * into fragments) is refused too: an uncosted query is never run.
 */
export function limitsPlugin<TContext extends object>(schema: GraphQLSchema, limits: QueryLimits<TContext>): ApolloServerPlugin<TContext> {
  const known = new OperationCostCache(schema);
  return {
    async requestDidStart({ contextValue }) {
      let cost: number | undefined;
      const maxCost = limits.maxCost(contextValue);
      return {
        async didResolveOperation({ request, document, operation }) {
          const depth = known.depth(document, request.operationName, () => queryDepth(document, request.operationName));
          if (depth > limits.maxDepth) {
            throw new GraphQLError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, {
              extensions: { code: 'QUERY_TOO_DEEP', depth, maximum: limits.maxDepth, http: { status: 400 } },
            });
          }
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('This API serves no subscriptions', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          const variables = request.variables ?? {};
          // A cost known within the budget is taken as it is; any other is worked out again, so that
          // variables which do not coerce are still refused as BAD_USER_INPUT, not as too costly.
          cost = known.cached(document, request.operationName, variables);
          if (cost !== undefined && cost <= maxCost) return;
          // Variables that do not coerce: execution refuses them as BAD_USER_INPUT before any resolver runs.
          if (getVariableValues(schema, operation?.variableDefinitions ?? [], variables).errors) return;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables,
              estimators: [fieldExtensionsEstimator(), pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            throw tooComplex(`The query's cost cannot be computed (${(error as Error).message}); it is refused`);
          }
          known.keep(document, request.operationName, variables, cost);
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maximum: maxCost, http: { status: 400 } },
            });
          }
        },
        async willSendResponse({ response }) {
          if (cost === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: cost, maximum: maxCost } };
        },
      };
    },
  };
}
