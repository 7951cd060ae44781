import type { Request, Response } from 'express';
import { REFRESH_COOKIE, SessionTransport } from '../accounts/session-transport';
import { Config } from '../config';

/**
 * The refresh cookie on the wire: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Secure outside development, and sent only
 * to /graphql, where login, refresh and logout are.
 */
export function httpSessionTransport(req: Request, res: Response, config: Config, jwtSecret: string): SessionTransport {
  const options = { httpOnly: true, sameSite: 'strict' as const, secure: config.accounts.secureCookies, path: '/graphql' };
  return {
    // req.ip honours TRUST_PROXY (Express's `trust proxy`): X-Forwarded-For only from the proxies trusted.
    // Read when a session call asks (walking the forwarded chain costs each request that never does).
    get clientAddress() {
      return req.ip ?? req.socket.remoteAddress ?? 'unknown';
    },
    jwtSecret,
    refreshCookie: {
      read: () => readCookie(req.headers.cookie, REFRESH_COOKIE),
      set: (token, expiresAt) => void res.cookie(REFRESH_COOKIE, token, { ...options, expires: expiresAt }),
      clear: () => void res.clearCookie(REFRESH_COOKIE, options),
    },
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}
