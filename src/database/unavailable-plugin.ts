import type { ApolloServerPlugin } from '@apollo/server';
import type { AppContext } from '../context';
import { ErrorCode } from '../common/errors';

/** Seconds a client should wait before retrying when the database did not answer. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * When the database did not answer and nothing was served, the HTTP status says so too
 * (503 with Retry-After), so that load balancers and clients back off instead of retrying
 * at once; a response with some data keeps 200 and its field errors.
 */
export function databaseUnavailablePlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.http) return;
          const { data, errors } = response.body.singleResult;
          const unavailable = errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
          const nothingServed = !data || Object.values(data).every((value) => value === null);
          if (unavailable && nothingServed) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}
