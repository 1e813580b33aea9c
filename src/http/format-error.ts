import { GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { AppContext } from '../context';
import { logger } from '../logger';
import { ErrorCode, Reason } from '../common/errors';
import { describeSafely, withoutValues } from '../common/redaction';
import { databaseErrorCode, databaseUnavailability } from '../database/timeouts';
import {
  APOLLO_REQUEST_ERRORS,
  domainErrorIn,
  domainExtensions,
  INTERNAL_ERROR_MESSAGE,
} from './graphql-errors';

/**
 * The request each error was raised in: Apollo hands formatError the error but not the
 * request, so errorRequestPlugin notes it when the request meets its errors, which Apollo
 * does before it formats them.
 */
const requestIds = new WeakMap<object, string>();

export function errorRequestPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) requestIds.set(error, contextValue.requestId);
        },
      };
    },
  };
}

function requestIdOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? requestIds.get(error) : undefined;
}

/** graphql-js's message when the parser's `maxTokens` (query-limits.ts) stopped it. */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/**
 * The one place where errors leave the server. Errors raised on purpose (the domain errors
 * of common/errors.ts) pass with their code, reason and field, as graphql-errors.ts maps
 * them; Apollo's request errors pass; anything else becomes "Internal error" with the
 * request id, and the original goes to the log only. No stack trace and no SQL ever reach
 * a client, in any NODE_ENV.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const domain = domainErrorIn(error);
  if (domain) {
    // The formatted error already has its path and locations: only the message and the
    // extensions are the domain error's (a new GraphQLError here would cost a stack trace
    // and a location search per error, a hundred of them on a denied billing page).
    const { code, reason, field } = domainExtensions(domain) as {
      code: string;
      reason: string;
      field?: string;
    };
    return { ...base, message: domain.message, extensions: { code, reason, ...(field ? { field } : {}) } };
  }
  const code = formatted.extensions?.code;
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
  if (tokens) {
    return {
      message: `The query has more than ${tokens[1]} tokens; that many are not allowed`,
      extensions: { code: ErrorCode.BAD_USER_INPUT, reason: Reason.QUERY_TOO_COMPLEX },
    };
  }
  if (typeof code === 'string' && APOLLO_REQUEST_ERRORS.has(code)) {
    const reason = code === ErrorCode.BAD_USER_INPUT ? Reason.INVALID_INPUT : code;
    return { ...base, message: withoutValues(base.message), extensions: { code, reason } };
  }
  const original = unwrapResolverError(error);
  const requestId = requestIdOf(error);
  const unavailable = databaseUnavailability(original);
  if (unavailable) {
    // docs/design.md section 6: a database that hangs or is gone is a clear, retryable error.
    logger().error(
      { requestId, reason: unavailable, dbCode: databaseErrorCode(original), path: formatted.path },
      'database did not answer',
    );
    return {
      message: 'The database did not answer in time; try again shortly',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, reason: Reason[unavailable], requestId },
    };
  }
  logger().error({ requestId, err: describeSafely(original), path: formatted.path }, 'unexpected error');
  return {
    message: INTERNAL_ERROR_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
  };
}
