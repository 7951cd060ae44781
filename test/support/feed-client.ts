import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** graphql-ws clients over a real WebSocket to a test server; dispose() closes every one opened. */
export function feedClients(base: string) {
  const clients: Client[] = [];
  const connect = (token?: string): Client => {
    const client = createClient({ url: base.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0, lazy: true });
    clients.push(client);
    return client;
  };
  /** Takes `n` results of a subscription's root field, then completes it. */
  const take = <T = any>(client: Client, query: string, n: number, variables: Record<string, unknown> = {}): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const got: T[] = [];
      const stop = client.subscribe({ query, variables }, {
        next: (result) => {
          if (result.errors) return reject(result.errors);
          got.push(Object.values(result.data as Record<string, T>)[0]);
          if (got.length === n) {
            stop();
            resolve(got);
          }
        },
        error: reject,
        complete: () => resolve(got),
      });
    });
  /** What a refused subscription answers: its errors' codes, or the socket's close code. */
  const refusal = (client: Client, query: string, variables: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((resolve) => {
      client.subscribe({ query, variables }, {
        next: (r) => resolve(r.errors?.map((e) => [e.extensions?.code, e.extensions?.field].filter(Boolean).join(' '))),
        error: (e) => resolve(Array.isArray(e) ? e.map((x) => x.extensions?.code) : ((e as { code?: number }).code ?? e)),
        complete: () => resolve('complete'),
      });
    });
  return { connect, take, refusal, dispose: () => Promise.all(clients.map((c) => c.dispose())) };
}
