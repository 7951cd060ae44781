import crypto from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { MikroORM } from '@mikro-orm/postgresql';
import express, { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
import { createContext } from '../context';
import type { Context } from '../graphql/context';
import { Clock } from '../shared/clock';
import { anonymousGate, anonymousLimits, byCaller, callerOf, identifyCaller } from './caller-limits';
import { bodyErrors } from './graphql-refusal';
import { documentGuard } from './document-guard';
import { largeRequestGate } from './large-request-gate';
import { RateLimiter } from './rate-limiter';
import { httpSessionTransport } from './session-transport';

export interface GraphqlRouteDeps {
  apollo: ApolloServer<Context>;
  orm: MikroORM;
  /** The pool of requests without a token. */
  anonymousOrm: MikroORM;
  config: Config;
  logger: Logger;
  clock: Clock;
  verifyToken: (authorization: string | undefined, address?: string) => Promise<Viewer>;
  /** Signs the access tokens login and refresh give. */
  jwtSecret: string;
  logKey?: string;
  /** The per-address limit of requests without a token, shared with the public REST routes. */
  anonymousRate: RateLimiter;
}

/** Apollo's context for a request: the caller identifyCaller found, on the pool of its kind. */
export function graphqlContext(deps: GraphqlRouteDeps) {
  return async ({ req, res }: { req: Request; res: Response }) => {
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID();
    const viewer = callerOf(res);
    const em = (viewer.role === null ? deps.anonymousOrm : deps.orm).em.fork();
    const { config, clock, logger } = deps;
    return createContext({ em, viewer, clock, config, logger, requestId, logKey: deps.logKey, session: httpSessionTransport(req, res, config, deps.jwtSecret) });
  };
}

/**
 * POST/GET /graphql. In order, each step before any later one spends anything: the caller (its
 * token) before the body; an anonymous caller's rate, body size and a slot among the anonymous
 * requests in flight before the body is read; the large-request slots for authenticated callers
 * only (an anonymous body is small by then); the document's shape before Apollo parses, validates
 * and costs it. Anonymous requests run on their own pool.
 */
export function graphqlRoute(deps: GraphqlRouteDeps): Router {
  const { apollo, config } = deps;
  const router = Router();
  router.use(
    identifyCaller(deps.verifyToken),
    anonymousLimits(config.anonymous.maxBytes, deps.anonymousRate),
    byCaller(
      Router().use(anonymousGate(config.anonymous), express.json({ limit: config.anonymous.maxBytes })),
      Router().use(largeRequestGate(config.largeRequests.slots, config.largeRequests.minBytes), express.json({ limit: '5mb' })),
    ),
    bodyErrors,
    documentGuard(config.documentLimits),
    expressMiddleware(apollo, { context: graphqlContext(deps) }),
  );
  return router;
}
