import { expressMiddleware } from '@as-integrations/express5';
import express, { NextFunction, Request, Response, Router } from 'express';
import { DocumentNode, Kind, parse } from 'graphql';
import { anonymousGate, anonymousLimits, byCaller, identifyCaller } from './caller-limits';
import { bodyErrors, refuse } from './graphql-refusal';
import { GraphqlRouteDeps, graphqlContext } from './graphql-route';
import { RateLimiter } from './rate-limiter';

/** The mutations /graphql/session answers. */
const SESSION_FIELDS = new Set(['login', 'refresh', 'logout']);
/** A login's name and password and a session's fields fit many times over. */
export const SESSION_MAX_BYTES = 8_192;

/**
 * One session call per operation (each login is an Argon2id verification: aliases would multiply
 * it), beside `__typename` at most; fragments only below it. A document that does not parse is
 * left to Apollo to say why.
 */
function sessionCallsOnly(document: DocumentNode): boolean {
  return document.definitions.every((definition) => {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) return true;
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'mutation') return false;
    const fields = definition.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : null));
    return fields.every((name) => name === '__typename' || (name !== null && SESSION_FIELDS.has(name))) && fields.filter((name) => name !== '__typename').length === 1;
  });
}

function sessionDocument(req: Request, res: Response, next: NextFunction): void {
  const query = (req.body as { query?: unknown } | undefined)?.query;
  let document: DocumentNode | undefined;
  try {
    document = typeof query === 'string' ? parse(query, { noLocation: true, maxTokens: 1_000 }) : undefined;
  } catch {
    return next();
  }
  if (document && sessionCallsOnly(document)) return next();
  refuse(res, 400, 'BAD_REQUEST', '/graphql/session answers one login, refresh or logout mutation per request; send other operations to /graphql');
}

/**
 * POST /graphql/session: sign-in, refresh and logout with a budget of their own, so that requests
 * without a token to /graphql, however many and from however many addresses, never refuse a
 * sign-in. Before the body: the caller's token, then for a caller without one its address's own
 * rate (ANONYMOUS_SESSION_RATE_*) and a place among the session calls in flight
 * (ANONYMOUS_SESSION_CONCURRENCY and _QUEUE; no time share: a process short of CPU must still let
 * people sign in). Password guessing stays the accounts' sign-in throttle's to count.
 */
export function sessionRoute(deps: GraphqlRouteDeps): Router {
  const limits = deps.config.anonymous.session;
  return Router().use(
    identifyCaller(deps.verifyToken),
    anonymousLimits(SESSION_MAX_BYTES, new RateLimiter(limits.perMinute, limits.burst)),
    byCaller(anonymousGate({ concurrency: limits.concurrency, queue: limits.queue, share: 0 }), (_req, _res, next) => next()),
    express.json({ limit: SESSION_MAX_BYTES }),
    bodyErrors,
    sessionDocument,
    expressMiddleware(deps.apollo, { context: graphqlContext(deps) }),
  );
}
