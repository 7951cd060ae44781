import { retryExchange } from '@urql/exchange-retry';
import { cacheExchange, Client, CombinedError, fetchExchange, mapExchange } from 'urql';

/** One urql client per session: every request carries the session's token; an UNAUTHENTICATED answer signs out. */
export function createApiClient(token: string | null, onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: (): RequestInit => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      // Reads refused for the moment (an anonymous flood, a database restarting) are tried again before the page shows an error.
      retryExchange({ initialDelayMs: 500, maxDelayMs: 5000, maxNumberAttempts: 5, retryIf: (error, operation) => operation.kind === 'query' && refusedForNow(error) }),
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}

/**
 * Refused before anything ran, for now: the gate in front of requests without a token (RATE_LIMITED with a retry-after) or
 * a database that is down (SERVICE_UNAVAILABLE). Login's own RATE_LIMITED (too many failures) is a mutation, never retried.
 */
export function refusedForNow(error: CombinedError): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.code === 'RATE_LIMITED' || e.extensions?.code === 'SERVICE_UNAVAILABLE');
}

/** The first error's code and message, for an Alert. */
export function errorCode(error: { graphQLErrors: { extensions?: Record<string, unknown> }[] } | undefined): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.code as string | undefined;
}
