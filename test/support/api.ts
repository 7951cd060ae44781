import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { auditPlugin } from '../../src/access/audit.plugin';
import { Viewer, ANONYMOUS } from '../../src/access/viewer';
import { SessionTransport } from '../../src/accounts/session-transport';
import { Config, loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import type { Context } from '../../src/graphql/context';
import { compiledAnswerPlugin } from '../../src/graphql/compiled-answer.plugin';
import { formatError } from '../../src/graphql/format-error';
import { limitsPlugin } from '../../src/graphql/limits.plugin';
import { PrecompiledOperations } from '../../src/graphql/precompiled-operations';
import { buildApiSchema } from '../../src/schema';
import { queryBudget } from '../../src/server/http-server';
import { Clock, systemClock } from '../../src/shared/clock';
import { TestDatabase } from './database';
import { withMandates } from '../../src/access/departments.service';
import { AccessError } from '../../src/shared/domain-error';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

/** A client's side of the session: its address and a cookie jar holding the refresh token. */
export function memorySession(clientAddress = '127.0.0.1'): SessionTransport & { cookie: string | undefined; cookieExpires: Date | undefined } {
  const session = {
    clientAddress,
    jwtSecret: TEST_JWT_SECRET,
    cookie: undefined as string | undefined,
    cookieExpires: undefined as Date | undefined,
    refreshCookie: {
      read: () => session.cookie,
      set: (token: string, expiresAt: Date) => {
        session.cookie = token;
        session.cookieExpires = expiresAt;
      },
      clear: () => {
        session.cookie = undefined;
        session.cookieExpires = undefined;
      },
    },
  };
  return session;
}

export interface TestResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

let schemaPromise: Promise<GraphQLSchema> | undefined;
export const testSchema = () => (schemaPromise ??= buildApiSchema());

/**
 * Runs operations through Apollo (error formatting, limits, audit and compiled answers included)
 * with the viewer given directly, as the HTTP layer would after reading the token. With `http`,
 * each operation comes as an HTTP POST does (so a compiled answer may be its JSON text); without,
 * as an in-process caller's, whose answer graphql-js completes.
 */
export async function createTestApi(db: TestDatabase, options: { clock?: Clock; config?: Partial<Config>; http?: boolean } = {}) {
  const schema = await testSchema();
  const config = { ...loadConfig({ NODE_ENV: 'test' }), ...options.config };
  const apollo = new ApolloServer<Context>({
    // As the server executes, every operation compiled from its first run and without a budget, so that each test meets graphql-jit.
    gateway: new PrecompiledOperations(schema, { compile: config.precompiledOperations, atFirstRun: true, perMinute: Infinity }).gateway(),
    formatError: formatError({ debug: false }),
    // As the server's (src/server/http-server.ts): no cache control, which would wrap every resolved field.
    plugins: [ApolloServerPluginCacheControlDisabled(), limitsPlugin<Context>(schema, { maxDepth: config.maxQueryDepth, maxCost: queryBudget(config) }), auditPlugin(), compiledAnswerPlugin()],
  });
  await apollo.start();
  const logger = pino({ level: 'silent' });
  return {
    apollo,
    config,
    async run<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = ANONYMOUS, session = memorySession()): Promise<TestResult<T>> {
      const em = db.orm.em.fork();
      // As the server's authenticator does: a partner reads by its department's mandates in the table now.
      const authenticated = await withMandates(em, viewer).catch((error: AccessError) => error);
      if (authenticated instanceof AccessError) return { errors: [{ message: authenticated.message, extensions: { code: authenticated.code } }] } as unknown as TestResult<T>;
      const response = await apollo.executeOperation(
        { query, variables, ...(options.http ? { http: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: { query, variables } } } : {}) },
        { contextValue: createContext({ em, viewer: authenticated, clock: options.clock ?? systemClock, config, logger, requestId: 'test', session }) },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
      return response.body.singleResult as TestResult<T>;
    },
    stop: () => apollo.stop(),
  };
}

/** The codes of a result's errors, for compact assertions. */
export const codes = (result: TestResult) => (result.errors ?? []).map((e) => e.extensions?.code);
