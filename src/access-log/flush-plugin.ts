import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { AppContext } from '../context';
import { ErrorCode, Reason } from '../common/errors';
import { describeSafely } from '../common/redaction';
import { actorOf, appendAccessLog, appendAccessLogNow } from './access-log.service';
import { noteWrite } from '../database/replication';
import { isConnectionError } from '../database/connection-errors';

/**
 * docs/design.md section 3: "Reads are logged before the response leaves (fail closed: if the
 * log cannot be written, the sensitive data is not served)". Apollo awaits this hook
 * before it sends anything, so the request's buffered entries are appended in one
 * multi-row insert first; if that fails, the whole result is replaced by an error.
 *
 * A request that wrote (a mutation) appends its entries — those of its changes and those
 * of the read-back of its results — in its own transaction and only then commits: the
 * change and its entries are stored together or not at all. A client is never told
 * "failed" about a committed change: a response without data (every root mutation field
 * is non-null, so any failed field, or a read-back the gate refused, empties it) commits
 * nothing.
 */
export function accessLogFlushPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const ctx = contextValue;
          const reads = ctx.accessLog.drain();
          const identity = ctx.identity;
          let wrote = ctx.transaction.manager !== null;
          try {
            if (wrote && !hasData(response)) {
              await ctx.transaction.rollback();
              wrote = false;
            }
            if (wrote) {
              await ctx.transaction.commit(async (manager, changes) => {
                const records = [...changes, ...reads];
                if (records.length === 0) return;
                if (!identity) throw new Error('access-log entries without an identity');
                await appendAccessLog(manager, actorOf(identity), ctx.requestId, records);
              });
              await noteWrite(ctx); // read-your-writes on replicas (no-op without them; never throws)
            } else if (reads.length > 0 && identity) {
              await appendAccessLogNow(ctx.db, actorOf(identity), ctx.requestId, reads);
            }
          } catch (error) {
            ctx.log.error({ err: describeSafely(error) }, 'access log write failed; response withheld');
            withhold(response, ctx.requestId, wrote, isConnectionError(error));
          }
        },
      };
    },
  };
}

function hasData(response: GraphQLRequestContextWillSendResponse<AppContext>['response']): boolean {
  return response.body.kind === 'single' && response.body.singleResult.data != null;
}

function withhold(
  response: GraphQLRequestContextWillSendResponse<AppContext>['response'],
  requestId: string,
  wrote: boolean,
  databaseUnreachable: boolean,
): void {
  if (response.http) response.http.status = databaseUnreachable ? 503 : 500;
  if (response.body.kind !== 'single') return;
  response.body.singleResult.data = null;
  response.body.singleResult.errors = [
    {
      message: wrote
        ? 'The access log could not be written: nothing was changed and the response was withheld'
        : 'The access log could not be written; the response was withheld',
      extensions: {
        code: databaseUnreachable ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR,
        reason: databaseUnreachable ? Reason.DATABASE_UNAVAILABLE : Reason.ACCESS_LOG_UNAVAILABLE,
        requestId,
      },
    },
  ];
}
