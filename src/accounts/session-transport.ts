/** The refresh token's cookie, as the HTTP edge keeps it (src/server/session-transport.ts); services see only this. */
export interface RefreshCookie {
  read(): string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** What sign-in needs from the request: where it came from, the refresh cookie, the key access tokens are signed with. */
export interface SessionTransport {
  clientAddress: string;
  refreshCookie: RefreshCookie;
  jwtSecret: string;
}

export const REFRESH_COOKIE = 'hz_refresh';

declare module '../graphql/context' {
  interface Context {
    session: SessionTransport;
  }
}
