import type { ApolloServerPlugin } from '@apollo/server';
import { UNAVAILABLE_RETRY_SECONDS } from './format-error';

/**
 * While the database is unreachable an answer is HTTP 503 with Retry-After, not a 200 carrying
 * errors: load balancers and clients retry a 503, and monitoring counts it.
 */
export function availabilityPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
        },
      };
    },
  };
}
