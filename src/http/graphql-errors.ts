import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { AppError, ErrorCode } from '../common/errors';

/** What a client reads instead of an error nobody raised on purpose. */
export const INTERNAL_ERROR_MESSAGE = 'Internal error';

/** Errors Apollo itself raises about a request; safe to pass on, they quote no data. */
export const APOLLO_REQUEST_ERRORS = new Set<string>(
  Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
);

/**
 * The domain error (src/common/errors.ts) an error is or carries: graphql-js wraps what a
 * resolver throws, with its path, and Apollo wraps a validation error once more.
 */
export function domainErrorIn(error: unknown): AppError | undefined {
  let current: unknown = error;
  while (current instanceof GraphQLError) current = current.originalError;
  return current instanceof AppError ? current : undefined;
}

/**
 * The one mapping of the server's errors to GraphQL errors:
 * - a domain error, or a GraphQL error carrying one, becomes a GraphQL error with its
 *   message and `extensions` { code, reason, ...extras } (extras: `field`, and `http`,
 *   which Apollo reads for the status and never sends), keeping the wrapper's path;
 * - Apollo's own errors about a request pass as they are;
 * - anything else is masked: a client learns nothing of it, the log keeps the original.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  const located = error instanceof GraphQLError ? error : undefined;
  const where = { nodes: located?.nodes, source: located?.source, positions: located?.positions };
  const domain = domainErrorIn(error);
  if (domain) {
    return new GraphQLError(domain.message, {
      ...where,
      path: located?.path,
      originalError: domain,
      extensions: domainExtensions(domain),
    });
  }
  const code = located?.extensions.code;
  if (located && typeof code === 'string' && APOLLO_REQUEST_ERRORS.has(code)) return located;
  return new GraphQLError(INTERNAL_ERROR_MESSAGE, {
    ...where,
    path: located?.path,
    originalError: error instanceof Error ? error : undefined,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  });
}

/** The `extensions` of a domain error: { code, reason, ...extras } (`field`; `http` for Apollo). */
export function domainExtensions(domain: AppError): Record<string, unknown> {
  return { code: domain.code, reason: domain.reason, ...domain.extras };
}

/** For edge code that hands Apollo what it caught: a domain error mapped, anything else as it was. */
export function forApollo(error: unknown): unknown {
  return domainErrorIn(error) ? toGraphQLError(error) : error;
}

/**
 * A plugin whose request hooks may throw domain errors (a refusal before execution): Apollo
 * reads the status and code of what a hook throws only from a GraphQL error.
 */
export function mappingDomainErrors<TContext extends object>(
  plugin: ApolloServerPlugin<TContext>,
): ApolloServerPlugin<TContext> {
  const { requestDidStart } = plugin;
  if (!requestDidStart) return plugin;
  return {
    ...plugin,
    async requestDidStart(requestContext) {
      const listener = await requestDidStart.call(plugin, requestContext);
      if (!listener) return listener;
      const mapped: Record<string, unknown> = { ...listener };
      for (const [hook, run] of Object.entries(listener)) {
        if (typeof run !== 'function') continue;
        mapped[hook] = async (...args: unknown[]) => {
          try {
            return await run.apply(listener, args);
          } catch (error) {
            throw forApollo(error);
          }
        };
      }
      return mapped as GraphQLRequestListener<TContext>;
    },
  };
}
