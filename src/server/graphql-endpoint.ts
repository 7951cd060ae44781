import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ApolloServer, HeaderMap, HTTPGraphQLResponse } from '@apollo/server';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Viewer } from '../access/viewer';
import { Config } from '../config';
import { createContext } from '../context';
import type { Context } from '../graphql/context';
import { Clock } from '../shared/clock';
import { AccessError } from '../shared/domain-error';
import { Admission } from './admission';
import { documentGuard } from './document-guard';
import { refuse, Refusal, refuseBody } from './graphql-refusal';
import { BodyError, readJsonBody } from './json-body';
import { RateLimiter } from './rate-limiter';
import { anonymousRateMessage } from './rest-limits';
import { largeRequestGate } from './large-request-gate';
import { httpSessionTransport } from './session-transport';
import { TimeShare } from './time-share';

export interface GraphqlEndpointDeps {
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
  /** The client's address as TRUST_PROXY lets it be read: X-Forwarded-For only from the proxies trusted. */
  clientAddress: (req: IncomingMessage) => string;
}

/** What an endpoint lets in, checked in this order before anything later is spent. */
export interface EndpointPolicy {
  /** Callers without a token: a rate per address, a body size, and a place among them in flight. */
  anonymous: { rate: RateLimiter; maxBytes: number; admission: Admission; share?: TimeShare };
  /** Callers with one: a body size, and the gate large bodies wait at before they are read. */
  authenticated: { maxBytes: number; largeRequests?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void };
  /** The document (the body's `query`, or the query string's for GET) refused before Apollo parses it, or not. */
  document(query: unknown, method: string): Refusal | undefined;
}

/**
 * /graphql's: callers without a token share `anonymousRate` with the public REST routes, ANONYMOUS_MAX_BODY_BYTES,
 * ANONYMOUS_CONCURRENCY and _QUEUE and ANONYMOUS_TIME_SHARE; callers with one 5 MB, and the large-request slots.
 */
export function graphqlPolicy(config: Config, anonymousRate: RateLimiter): EndpointPolicy {
  const { anonymous, largeRequests } = config;
  return {
    anonymous: { rate: anonymousRate, maxBytes: anonymous.maxBytes, admission: new Admission(anonymous.concurrency, anonymous.queue), share: anonymous.share > 0 ? new TimeShare(anonymous.share) : undefined },
    authenticated: { maxBytes: 5 * 1024 * 1024, largeRequests: largeRequestGate(largeRequests.slots, largeRequests.minBytes) },
    document: documentGuard(config.documentLimits),
  };
}

const busy = (wait: number): Refusal => ({
  status: 429,
  code: 'RATE_LIMITED',
  message: `The server is answering as many requests without a token as it takes; retry in ${wait} s or send a Bearer token`,
  extensions: { retryAfterSeconds: wait },
});

/**
 * A GraphQL endpoint on node:http, without Express: a call to /graphql is the server's busiest request, and
 * Express's router, body parser and integration took a third of the server's CPU for one that runs no resolver
 * (docs/performance.md, "GraphQL without Express"). In order, each step before any later one
 * spends anything: the caller (its token) before the body; an anonymous caller's rate, body size and place
 * among the anonymous requests in flight before the body is read; the large-request slots for callers with a
 * token; the document's shape before Apollo parses, validates and costs it. Anonymous requests run on their own pool.
 */
export function graphqlEndpoint(deps: GraphqlEndpointDeps, policy: EndpointPolicy): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<Refusal | undefined> => {
    const address = deps.clientAddress(req);
    let viewer: Viewer;
    try {
      viewer = await deps.verifyToken(req.headers.authorization, address);
    } catch (error) {
      if (error instanceof AccessError) return { status: 401, code: error.code, message: error.message };
      throw error;
    }
    const anonymous = viewer.role === null;
    const refusal = anonymous ? await admitAnonymous(policy.anonymous, address, req, res) : await admitAuthenticated(policy.authenticated, req, res);
    if (refusal) return refusal;
    const q = req.url!.indexOf('?');
    const search = q === -1 ? '' : req.url!.slice(q);
    const method = req.method!.toUpperCase();
    let body: unknown;
    try {
      body = method === 'POST' ? await readJsonBody(req, anonymous ? policy.anonymous.maxBytes : policy.authenticated.maxBytes) : undefined;
    } catch (error) {
      if (refuseBody(res, error as BodyError)) return;
      throw error;
    }
    const query = method === 'GET' ? new URLSearchParams(search).get('query') : (body as { query?: unknown } | undefined)?.query;
    const refused = policy.document(query, method);
    if (refused) return refused;
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const response = await deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body },
      context: async () => {
        const em = (anonymous ? deps.anonymousOrm : deps.orm).em.fork();
        const requestId = (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID();
        const session = httpSessionTransport(req, res, () => address, deps.config, deps.jwtSecret);
        return createContext({ em, viewer, clock: deps.clock, config: deps.config, logger: deps.logger, requestId, logKey: deps.logKey, session });
      },
    });
    await answer(res, response);
  };
  return (req, res) => {
    serve(req, res).then(
      (refusal) => refusal && refuse(res, refusal.status, refusal.code, refusal.message, refusal.extensions),
      (error: unknown) => {
        if (res.headersSent) return void res.destroy();
        deps.logger.error({ err: error, path: req.url }, 'request failed');
        refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      },
    );
  };
}

async function admitAnonymous(limits: EndpointPolicy['anonymous'], address: string, req: IncomingMessage, res: ServerResponse): Promise<Refusal | undefined> {
  const wait = limits.rate.take(address);
  if (wait > 0) return { status: 429, code: 'RATE_LIMITED', message: anonymousRateMessage(wait), extensions: { retryAfterSeconds: wait } };
  if (Number(req.headers['content-length'] ?? 0) > limits.maxBytes) {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `A request without a token may carry at most ${limits.maxBytes} bytes`, extensions: { maximum: limits.maxBytes } };
  }
  const shareWait = limits.share?.wait() ?? 0;
  if (shareWait > 0) return busy(shareWait);
  // A client that leaves while waiting is never admitted: its request ends here, unanswered.
  const admitted = await new Promise<boolean>((resolve) => {
    if (!limits.admission.admit(req, res, () => resolve(true))) resolve(false);
  });
  if (!admitted) return busy(1);
  const started = performance.now();
  res.once('close', () => limits.share?.spend(performance.now() - started));
}

async function admitAuthenticated(limits: EndpointPolicy['authenticated'], req: IncomingMessage, res: ServerResponse): Promise<undefined> {
  const gate = limits.largeRequests;
  if (gate) await new Promise<void>((resolve) => gate(req, res, resolve));
}

async function answer(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') return void res.end(response.body.string);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
