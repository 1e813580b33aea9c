import type { ApolloServerPlugin } from '@apollo/server';
import type { AppContext } from '../context';
import { ErrorCode, Reason } from '../common/errors';
import { describeSafely } from '../common/format-error';
import { actorOf, appendAccessLogNow } from './access-log.service';

/**
 * docs/design.md section 3: "Reads are logged before the response leaves (fail closed: if the
 * log cannot be written, the sensitive data is not served)". Apollo awaits this hook
 * before it sends anything, so the request's buffered entries are appended in one
 * multi-row insert first; if that fails, the whole result is replaced by an error.
 */
export function accessLogFlushPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const records = contextValue.accessLog.drain();
          const identity = contextValue.identity;
          if (records.length === 0 || !identity) return;
          try {
            await appendAccessLogNow(contextValue.db, actorOf(identity), contextValue.requestId, records);
          } catch (error) {
            contextValue.log.error(
              { err: describeSafely(error) },
              'access log write failed; response withheld',
            );
            if (response.http) response.http.status = 500;
            if (response.body.kind === 'single') {
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [
                {
                  message: 'The access log could not be written; the response was withheld',
                  extensions: {
                    code: ErrorCode.INTERNAL_SERVER_ERROR,
                    reason: Reason.ACCESS_LOG_UNAVAILABLE,
                    requestId: contextValue.requestId,
                  },
                },
              ];
            }
          }
        },
      };
    },
  };
}
