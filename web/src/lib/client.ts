import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';

/** One urql client per session: every request carries the session's token; an UNAUTHENTICATED answer signs out. */
export function createApiClient(token: string | null, onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: (): RequestInit => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
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

/** The first error's code and message, for an Alert. */
export function errorCode(error: { graphQLErrors: { extensions?: Record<string, unknown> }[] } | undefined): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.code as string | undefined;
}
