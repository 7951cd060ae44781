import type { Request, RequestHandler } from 'express';
import { Viewer } from '../access/viewer';
import { RateLimiter } from './rate-limiter';

/** Why a caller without a token waits: the same words from /graphql and the REST routes. */
export const anonymousRateMessage = (wait: number) => `Too many requests without a token from this address; retry in ${wait} s or send a Bearer token`;

/** The address a per-address limit counts: the client's, as TRUST_PROXY lets Express read it. */
export const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * The caller of a REST request, verified once however many handlers ask (the limit below, then the
 * route): a bad token is the route's to refuse, as it always was.
 */
export function requestCaller(verify: (authorization: string | undefined, address?: string) => Promise<Viewer>): (req: Request) => Promise<Viewer> {
  const verified = new WeakMap<Request, Promise<Viewer>>();
  return (req) => {
    let viewer = verified.get(req);
    if (!viewer) {
      viewer = verify(req.headers.authorization, req.ip);
      verified.set(req, viewer);
    }
    return viewer;
  };
}

/**
 * Charges the request's address one request of `limiter` and goes on, or refuses it as the REST
 * routes refuse: 429 with Retry-After and `{code: RATE_LIMITED, field, message, retryAfterSeconds}`.
 * For a route that tells its own callers without credentials apart (/intake's platform keys).
 */
export function addressLimit(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const wait = limiter.take(addressOf(req));
    if (wait === 0) return next();
    res.setHeader('Retry-After', String(wait));
    res.status(429).json({ code: 'RATE_LIMITED', field: null, message: anonymousRateMessage(wait), retryAfterSeconds: wait });
  };
}

/**
 * The public REST routes' limit per address for callers without a valid token, before the route
 * reads anything (addressLimit). A request without an Authorization header costs no database
 * read to refuse; a token that does not verify counts as none here (a public route ignores it, the
 * others refuse it themselves).
 */
export function restAnonymousLimit(limiter: RateLimiter, caller: (req: Request) => Promise<Viewer>): RequestHandler {
  const charge = addressLimit(limiter);
  return (req, res, next) => {
    if (!req.headers.authorization) return charge(req, res, next);
    caller(req).then(
      (viewer) => (viewer.role === null ? charge(req, res, next) : next()),
      () => charge(req, res, next),
    );
  };
}
