import type { FastifyInstance } from 'fastify';
import fastifyCors from '@fastify/cors';
import type { Config } from '../config';

/**
 * Browser access for the admin dashboard and the customer app, which run on origins of
 * their own (docs/design.md section 6: "CORS answers only origins in CORS_ORIGINS").
 *
 * - Only listed origins get `Access-Control-Allow-Origin` (their own, never `*`); any
 *   other origin gets no CORS header, and its preflight is answered 404, so the browser
 *   refuses to send the request.
 * - Tokens travel in the Authorization header, never in cookies, so credentials are not
 *   allowed: a page cannot make the browser attach anything it did not set itself.
 * - Apollo's CSRF prevention stays on beside this: a "simple" cross-site request (a form
 *   post, text/plain) is refused by Apollo whether or not its origin is listed.
 */

/** Without CORS_ORIGINS: none in production; any port on the loopback host in development. */
const DEVELOPMENT_ORIGINS = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** The request headers a GraphQL client sends (Apollo Client, graphql-request, urql, fetch). */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
];

/** A browser app may read the request id, to quote it when it reports an error. */
export const CORS_EXPOSED_HEADERS = ['x-request-id'];

/** Browsers cache a preflight this long (Chromium caps it at 2 h, Firefox at 24 h). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function corsOriginAllowed(config: Pick<Config, 'CORS_ORIGINS' | 'NODE_ENV'>) {
  if (config.CORS_ORIGINS) {
    const listed = new Set(config.CORS_ORIGINS);
    return (origin: string | undefined) => origin !== undefined && listed.has(origin);
  }
  if (config.NODE_ENV === 'production') return () => false;
  return (origin: string | undefined) => origin !== undefined && DEVELOPMENT_ORIGINS.test(origin);
}

export async function registerCors(http: FastifyInstance, config: Config): Promise<void> {
  const allowed = corsOriginAllowed(config);
  await http.register(fastifyCors, {
    // true: reflect the request's own origin; false: no CORS headers, no preflight answer.
    origin: (origin, callback) => callback(null, allowed(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    strictPreflight: true,
  });
}
