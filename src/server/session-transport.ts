import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, serialize, SerializeOptions } from 'cookie';
import { REFRESH_COOKIE, SessionTransport } from '../accounts/session-transport';
import { Config } from '../config';

/**
 * The refresh cookie on the wire: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Secure outside development, and sent only
 * to /graphql, where login, refresh and logout are. `address` is the client's, as
 * TRUST_PROXY lets it be read; asked only when a session call needs it.
 */
export function httpSessionTransport(req: IncomingMessage, res: ServerResponse, address: () => string, config: Config, jwtSecret: string): SessionTransport {
  const options: SerializeOptions = { httpOnly: true, sameSite: 'strict', secure: config.accounts.secureCookies, path: '/graphql' };
  const setCookie = (value: string, expires: Date) => res.appendHeader('Set-Cookie', serialize(REFRESH_COOKIE, value, { ...options, expires }));
  return {
    get clientAddress() {
      return address();
    },
    jwtSecret,
    refreshCookie: {
      read: () => parse(req.headers.cookie ?? '')[REFRESH_COOKIE] || undefined,
      set: (token, expiresAt) => void setCookie(token, expiresAt),
      clear: () => void setCookie('', new Date(0)),
    },
  };
}
