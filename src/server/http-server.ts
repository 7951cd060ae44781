import crypto from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { GraphQLSchema } from 'graphql';
import proxyaddr from 'proxy-addr';
import type { Logger } from 'pino';
import { bearerAuthenticator } from '../accounts/authenticate';
import { describeViewer } from '../access/viewer';
import { departmentNames } from '../access/departments.service';
import { Config } from '../config';
import type { Context } from '../graphql/context';
import { compiledAnswerPlugin, stringifyResult } from '../graphql/compiled-answer.plugin';
import { formatError } from '../graphql/format-error';
import { availabilityPlugin } from '../graphql/availability.plugin';
import { limitsPlugin } from '../graphql/limits.plugin';
import { loggingPlugin } from '../graphql/logging.plugin';
import { PrecompiledOperations } from '../graphql/precompiled-operations';
import { Clock } from '../shared/clock';
import { consoleRoutes } from './console.routes';
import { httpSessionTransport } from './session-transport';
import { largeRequestGate } from './large-request-gate';
import { restTextGuard } from './rest-text';
import { graphqlEndpoint, graphqlPolicy } from './graphql-endpoint';
import { RateLimiter } from './rate-limiter';
import { addressLimit, addressOf, requestCaller, restAnonymousLimit } from './rest-limits';
import { sessionPolicy } from './session-policy';
import { bodyErrors, lastResort } from './graphql-refusal';
import { epcisRoutes } from '../exchange/epcis.routes';
import { intakeRoutes } from '../supervision/intake.routes';
import { logRoutes } from '../ledger/log.routes';
import { exportRoutes } from '../exchange/export.routes';
import { createContext, readFromReplica } from '../context';
import { pendingMigrations } from '../db/migration-state';
import { ReadReplicas } from '../db/read-replicas';
import { readRoutingPlugin } from '../graphql/read-routing.plugin';
import { mayReadReplica, readCaller } from '../read-policy';
import { movementObservers } from '../movement-observers';
import { labelRoutes } from './labels.routes';
import { publicProductRoutes } from './public-product.routes';
import { transportDocumentRoutes } from './transport-document.routes';
import { serveSubscriptions } from './subscriptions';

export interface ServerDeps {
  orm: MikroORM;
  /** The pool GraphQL requests without a token use (Database.anonymous); unset, `orm`'s. */
  anonymousOrm?: MikroORM;
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  clock: Clock;
  jwtSecret: string;
  /** The transparency log's note verifier key, published at GET /log/key and as `logKey`. */
  logKey?: string;
  /** Where reads may go (DATABASE_REPLICA_URLS); unset: always the primary. */
  reads?: ReadReplicas;
  /** Extra Apollo plugins (the partner audit trail). */
  plugins?: ConstructorParameters<typeof ApolloServer<Context>>[0]['plugins'];
}

export interface RunningServer {
  url: string;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

/** The cost budget of a request: an anonymous caller's is the lower one (never above the general one). */
export const queryBudget = (config: Config) => (context: Context) =>
  context.viewer.role === null ? Math.min(config.anonymousMaxQueryCost, config.maxQueryCost) : config.maxQueryCost;

/** Express with /graphql, /graphql/session, /healthz, /readyz, the public product page /p/:code, the log's /checkpoint, /log and /tile, and the console at /. */
export async function startHttpServer(deps: ServerDeps, port: number, host: string): Promise<RunningServer> {
  const { orm, schema, config, logger, clock, jwtSecret } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const verifyToken = bearerAuthenticator(orm.em, jwtSecret, { clockSkewMs: config.clockSkewMs, levellessRegulators: config.levellessRegulatorTokens });
  const restCaller = requestCaller(verifyToken);
  // One budget per address for requests without a token, GraphQL's and the public pages' alike; the log's routes have their own.
  const anonymousRate = new RateLimiter(config.anonymous.perMinute, config.anonymous.burst);
  const reads = deps.reads ?? ReadReplicas.primaryOnly(orm, logger);
  const httpServer = http.createServer();
  const apollo = new ApolloServer<Context>({
    // The schema, executed by code generated for each operation run more than once (PRECOMPILED_OPERATIONS).
    gateway: new PrecompiledOperations(schema, { compile: config.precompiledOperations }).gateway(),
    formatError: formatError({ debug: config.debugErrors }),
    includeStacktraceInErrorResponses: config.debugErrors,
    introspection: true,
    // The document guard counts tokens before this; the same bound here covers every other way in.
    parseOptions: { maxTokens: config.documentLimits.maxTokens },
    // Apollo's default indents every response (prettyJSONStringify): about 2 % of a nested read's CPU and a larger body.
    // A compiled answer's text goes into the body as PostgreSQL wrote it (compiled-answer.plugin.ts).
    stringifyResult,
    // main.ts owns shutdown: stop HTTP, then jobs, then the database.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No HTTP caching of GraphQL answers here; left on, it would wrap every resolved field (2,000 for a bulk submission's answer).
      ApolloServerPluginCacheControlDisabled(),
      availabilityPlugin(),
      limitsPlugin<Context>(schema, { maxDepth: config.maxQueryDepth, maxCost: queryBudget(config) }),
      loggingPlugin(logger, (context) => describeViewer(context.viewer)),
      readRoutingPlugin({ reads, mayReadReplica, caller: (context) => readCaller(context.viewer), readFromReplica }),
      ...(deps.plugins ?? []),
      compiledAnswerPlugin(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(orm);
      if (pending.length > 0) {
        res.status(503).json({ status: 'migrations pending', pending });
        return;
      }
      // Each replica by its name only (its URL holds credentials): in rotation or not, and how far behind (null: unreachable).
      const replicas = reads.status().map(({ name, inRotation, lagMs }) => ({ name, inRotation, lagMs }));
      res.json({ status: 'ready', ...(reads.configured ? { replicas } : {}) });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check: database unreachable');
      res.status(503).json({ status: 'database unreachable', ...(config.debugErrors ? { error: (error as Error).message } : {}) });
    }
  });
  // Before anything of theirs is read, the text policy included: callers without a token per address.
  app.use(['/p', '/labels', '/epcis', '/export'], restAnonymousLimit(anonymousRate, restCaller));
  // The log's protocol apart: a verifier fetches a thousand tiles at once, and a witness behind the same address as
  // people reading pages (one office's NAT, or a server witnessing this one) must not miss its run for their reading.
  app.use(['/checkpoint', '/log', '/tile'], restAnonymousLimit(new RateLimiter(config.anonymous.log.perMinute, config.anonymous.log.burst), restCaller));
  // Every REST route's path and query string through the text policy; bodies are checked by each route after parsing.
  app.use(restTextGuard);
  app.use('/p', publicProductRoutes(orm, config));
  app.use('/labels', labelRoutes(orm, config));
  app.use('/transport-documents', transportDocumentRoutes(orm, config, (req) => verifyToken(req.headers.authorization, req.ip)));
  app.use(
    '/epcis',
    epcisRoutes({
      orm,
      base: config.publicBaseUrl,
      clock,
      logger,
      clockSkewMs: config.clockSkewMs,
      observers: movementObservers(config),
      readTarget: (viewer) => reads.readTarget(readCaller(viewer)),
      wrote: async (viewer) => {
        const caller = readCaller(viewer);
        return reads.configured && caller !== null ? reads.wrote(caller) : undefined;
      },
      bodyParsers: [largeRequestGate(config.largeRequests.slots, config.largeRequests.minBytes), express.json({ limit: '5mb', type: ['application/json', 'application/ld+json'] })],
      authenticate: restCaller,
    }),
  );
  app.use('/intake', intakeRoutes({ orm, clock, logger, platforms: config.monitoringPlatforms, unknownCallerLimit: addressLimit(anonymousRate) }));
  app.use(logRoutes({ orm, clock, logger, logKey: deps.logKey, authenticate: restCaller }));
  app.use(
    exportRoutes({
      schema,
      logger,
      maxRows: config.exportMaxRows,
      maxTokens: config.documentLimits.maxTokens,
      authenticate: restCaller,
      departmentNames: () => departmentNames(orm.em.fork()),
      execute: async (query, variables, viewer, req, res) => {
        const session = httpSessionTransport(req, res, () => addressOf(req), config, jwtSecret);
        const contextValue = createContext({ em: orm.em.fork(), preferReplica: true, viewer, clock, config, logger, requestId: crypto.randomUUID(), logKey: deps.logKey, session });
        const response = await apollo.executeOperation({ query, variables }, { contextValue });
        if (response.body.kind !== 'single') return { errors: [{ message: 'An export is not delivered incrementally', extensions: { code: 'BAD_USER_INPUT' } }] };
        // The first page's source, before the file starts; later pages may read another replica as rotation changes.
        if (!res.headersSent) res.setHeader('X-Read-From', String(response.body.singleResult.extensions?.readFrom ?? 'primary'));
        return response.body.singleResult;
      },
    }),
  );
  app.use(consoleRoutes(config.consoleDir));
  app.use(bodyErrors, lastResort(logger));
  // GraphQL on node:http itself, every other path through Express (graphql-endpoint.ts says why).
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
  const clientAddress = (req: http.IncomingMessage) => proxyaddr(req, trust);
  const graphqlDeps = { apollo, orm, anonymousOrm: deps.anonymousOrm ?? orm, config, logger, clock, verifyToken, jwtSecret, logKey: deps.logKey, clientAddress };
  const endpoints = new Map([
    ['/graphql', graphqlEndpoint(graphqlDeps, graphqlPolicy(config, anonymousRate))],
    ['/graphql/session', graphqlEndpoint(graphqlDeps, sessionPolicy(config))],
  ]);
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const endpoint = endpoints.get(path.endsWith('/') ? path.slice(0, -1) : path);
    if (endpoint) endpoint(req, res);
    else app(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, resolve);
  });
  const subscriptions = serveSubscriptions({ httpServer, schema, orm, config, logger, clock, jwtSecret, logKey: deps.logKey, verifyToken, clientAddress });
  const address = httpServer.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${boundPort}/graphql`,
    httpServer,
    apollo,
    // Apollo's drain plugin stops accepting and waits for in-flight requests.
    stop: async () => {
      // Live feeds first: an open WebSocket would keep the HTTP server from closing.
      await subscriptions.stop();
      await apollo.stop();
    },
  };
}
