import { ApolloServer } from '@apollo/server';
import { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { auditPlugin } from '../../src/access/audit.plugin';
import { Viewer, ANONYMOUS } from '../../src/access/viewer';
import { Config, loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import type { Context } from '../../src/graphql/context';
import { formatError } from '../../src/graphql/format-error';
import { limitsPlugin } from '../../src/graphql/limits.plugin';
import { buildApiSchema } from '../../src/schema';
import { queryBudget } from '../../src/server/http-server';
import { Clock, systemClock } from '../../src/shared/clock';
import { TestDatabase } from './database';

export interface TestResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

let schemaPromise: Promise<GraphQLSchema> | undefined;
export const testSchema = () => (schemaPromise ??= buildApiSchema());

/**
 * Runs operations through Apollo (error formatting and limits included) with
 * the viewer given directly, as the HTTP layer would after reading the token.
 */
export async function createTestApi(db: TestDatabase, options: { clock?: Clock; config?: Partial<Config> } = {}) {
  const schema = await testSchema();
  const config = { ...loadConfig({ NODE_ENV: 'test' }), ...options.config };
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: formatError(true),
    plugins: [limitsPlugin<Context>(schema, { maxDepth: config.maxQueryDepth, maxCost: queryBudget(config) }), auditPlugin()],
  });
  await apollo.start();
  const logger = pino({ level: 'silent' });
  return {
    apollo,
    config,
    async run<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = ANONYMOUS): Promise<TestResult<T>> {
      const em = db.orm.em.fork();
      const response = await apollo.executeOperation(
        { query, variables },
        { contextValue: createContext({ em, viewer, clock: options.clock ?? systemClock, config, logger, requestId: 'test' }) },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
      return response.body.singleResult as TestResult<T>;
    },
    stop: () => apollo.stop(),
  };
}

/** The codes of a result's errors, for compact assertions. */
export const codes = (result: TestResult) => (result.errors ?? []).map((e) => e.extensions?.code);
