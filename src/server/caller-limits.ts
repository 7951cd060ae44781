import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Viewer } from '../access/viewer';
import { AccessError } from '../shared/domain-error';
import { performance } from 'node:perf_hooks';
import { Admission } from './admission';
import { refuse } from './graphql-refusal';
import { RateLimiter } from './rate-limiter';
import { TimeShare } from './time-share';

/** The viewer identifyCaller found, for the handlers after it. */
export const callerOf = (res: Response): Viewer => res.locals.viewer as Viewer;
const anonymous = (res: Response) => callerOf(res).role === null;

/**
 * Reads the Bearer token before the body: a bad token is refused (401) without reading what it
 * sent, and what follows knows whether the caller is anonymous.
 */
export function identifyCaller(verify: (authorization: string | undefined, address?: string) => Promise<Viewer>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.viewer = await verify(req.headers.authorization, req.ip);
      next();
    } catch (error) {
      if (!(error instanceof AccessError)) return next(error);
      refuse(res, 401, error.code, error.message);
    }
  };
}

/** The address a per-address limit counts: the client's, as TRUST_PROXY lets Express read it. */
export const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * An anonymous caller is limited per address by `limiter` (RATE_LIMITED, 429 with Retry-After) and
 * to bodies of `maxBytes` (413 by Content-Length, before anything is read); both before its body is read.
 */
export function anonymousLimits(maxBytes: number, limiter: RateLimiter): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!anonymous(res)) return next();
    const wait = limiter.take(addressOf(req));
    if (wait > 0) {
      return refuse(res, 429, 'RATE_LIMITED', `Too many requests without a token from this address; retry in ${wait} s or send a Bearer token`, {
        retryAfterSeconds: wait,
      });
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
      return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `A request without a token may carry at most ${maxBytes} bytes`, { maximum: maxBytes });
    }
    next();
  };
}

/**
 * Callers without a token share `concurrency` requests in flight and `queue` waiting, and `share` of
 * the wall time in flight (0: unbounded), whatever their addresses (many addresses pass the
 * per-address rate): past any, RATE_LIMITED before the body is read. A flood of costly public
 * queries then takes a bounded part of the server's CPU and never its authenticated callers'.
 */
export function anonymousGate(limits: { concurrency: number; queue: number; share: number }): RequestHandler {
  const admission = new Admission(limits.concurrency, limits.queue);
  const share = limits.share > 0 ? new TimeShare(limits.share) : undefined;
  const busy = (res: Response, wait: number) =>
    refuse(res, 429, 'RATE_LIMITED', `The server is answering as many requests without a token as it takes; retry in ${wait} s or send a Bearer token`, {
      retryAfterSeconds: wait,
    });
  return (req: Request, res: Response, next: NextFunction) => {
    const wait = share?.wait() ?? 0;
    if (wait > 0) return busy(res, wait);
    const admitted = admission.admit(req, res, () => {
      const started = performance.now();
      res.once('close', () => share?.spend(performance.now() - started));
      next();
    });
    if (!admitted) busy(res, 1);
  };
}

/** `anonymousHandler` for callers without a token, `authenticatedHandler` for the others. */
export function byCaller(anonymousHandler: RequestHandler, authenticatedHandler: RequestHandler): RequestHandler {
  return (req, res, next) => (anonymous(res) ? anonymousHandler(req, res, next) : authenticatedHandler(req, res, next));
}
