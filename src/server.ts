import { randomUUID } from 'node:crypto';
import Fastify, { FastifyBaseLogger, FastifyInstance, FastifyRequest, LogController } from 'fastify';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { authenticate, TokenSettings } from './auth/token';
import type { Authentication } from './auth/actor';
import { AppContext, createContext } from './context';
import { buildBareSchema, buildSchema } from './schema';
import { errorRequestPlugin, formatError } from './http/format-error';
import { compiledExecution } from './http/compiled-execution';
import { domainErrorIn, mappingDomainErrors } from './http/graphql-errors';
import { parseOptions, QueryLimits, queryLimitsPlugin, queryValidationRules } from './http/query-limits';
import { loggableFields, planPermissions, publicRootFields } from './access/permissions';
import { newRequestStore, RequestStore } from './common/request-store';
import { readRoutingPlugin } from './database/read-routing';
import { databaseHealth } from './database/health';
import { shareWriteFences } from './database/shared-fences';
import { replicationOf } from './database/replication';
import { accessLogFlushPlugin } from './access-log/flush-plugin';
import { databaseUnavailablePlugin } from './database/unavailable-plugin';
import { createRateLimiter } from './http/rate-limit';
import { persistedQueries } from './common/persisted-queries';
import { registerCors } from './http/cors';
import { metrics } from './observability/metrics';
import { graphqlMetricsPlugin, observeGraphqlRequest } from './observability/graphql-metrics';
import { fastifyTrustProxy } from './config-trust-proxy';
import {
  addMetricsRoute,
  createMetricsServer,
  stopMetricsServerWithApollo,
} from './observability/metrics-endpoint';

export interface ServerDeps {
  db: DataSource;
  config: Config;
  log: Logger;
}

export interface AppServer {
  http: FastifyInstance;
  apollo: ApolloServer<AppContext>;
  schema: GraphQLSchema;
  tokenSettings: TokenSettings;
  /** The /metrics listener when METRICS_PORT is set (main.ts starts it; Apollo's stop closes it). */
  metricsHttp: FastifyInstance | null;
  /**
   * Builds the per-request context from an Authorization header (HTTP and tests alike);
   * `request` collects its statements and cost (a new store when absent).
   */
  contextFor(
    authorization: string | undefined,
    request?: RequestStore,
    clientRequestId?: string,
  ): Promise<AppContext>;
}

/** Distinct operations kept compiled; a persisted-query deployment has a few dozen. */
const COMPILED_OPERATIONS = 1000;

/** createServer(): schema + shield + Apollo + HTTP, used by main.ts and by the tests. */
export async function createServer({ db, config, log }: ServerDeps): Promise<AppServer> {
  const production = config.NODE_ENV === 'production';
  const schema = buildSchema();
  const tokenSettings: TokenSettings = {
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    maxTtlSeconds: config.JWT_MAX_TTL,
  };
  const http = Fastify({
    // request.ip: the TCP peer, or X-Forwarded-For's client only behind a trusted proxy.
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    loggerInstance: log.child({ component: 'http' }) as FastifyBaseLogger,
    // Fastify's own request lines would log URLs (GET queries carry variables): one
    // redacted line per GraphQL request is written by requestLogPlugin instead.
    logController: new LogController({ disableRequestLogging: true }),
    // docs/design.md section 6: the request id (the access log's, the response header's) is
    // always the server's own; a client's x-request-id is only logged beside it.
    genReqId: () => randomUUID(),
    bodyLimit: 1_000_000,
  });
  metrics().collectProcessMetrics();
  metrics().watchDatabase(db, () => replicationOf(db));
  const metricsHttp = config.METRICS_PORT ? createMetricsServer(log) : null;
  if (!metricsHttp) addMetricsRoute(http);

  const limits: QueryLimits = {
    maxTokens: config.MAX_QUERY_TOKENS,
    maxAliases: config.MAX_QUERY_ALIASES,
    maxDepth: config.MAX_QUERY_DEPTH,
    maxCost: config.MAX_QUERY_COST,
    maxAnonymousCost: config.MAX_ANONYMOUS_QUERY_COST,
  };
  const bare = buildBareSchema();
  const costs = {
    logged: loggableFields(planPermissions(bare)),
    publicRoots: publicRootFields(bare),
  };
  const trusted = persistedQueries(config.PERSISTED_QUERIES, config.PERSISTED_QUERY_MANIFEST);

  const apollo = new ApolloServer<AppContext>({
    // The schema, served through compiled operations (http/compiled-execution.ts).
    gateway: compiledExecution(schema, { maxOperations: COMPILED_OPERATIONS }),
    formatError,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo's default indents every response, which costs CPU and bytes.
    stringifyResult: (result) => JSON.stringify(result),
    introspection: !production,
    // No "Did you mean ...?" in production: it spells the schema out without introspection.
    hideSchemaDetailsFromClientErrors: production,
    parseOptions: parseOptions(limits),
    validationRules: queryValidationRules(limits),
    ...trusted.options,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: drain HTTP, stop Apollo, close the pool, exit 0.
    stopOnTerminationSignals: false,
    plugins: [
      fastifyApolloDrainPlugin(http),
      ApolloServerPluginCacheControlDisabled(),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
      // Both refuse a request before it runs, with domain errors that carry an HTTP status.
      mappingDomainErrors(trusted.plugin),
      mappingDomainErrors(queryLimitsPlugin(limits, costs)),
      requestLogPlugin(),
      readRoutingPlugin(),
      accessLogFlushPlugin(),
      databaseUnavailablePlugin(),
      graphqlMetricsPlugin(),
      errorRequestPlugin(),
      stopMetricsServerWithApollo(metricsHttp),
    ],
  });
  await apollo.start();
  await registerCors(http, config);

  const contextWith = (auth: Authentication, request: RequestStore, clientRequestId?: string) =>
    createContext({ requestId: request.requestId, request, clientRequestId, auth, db, log });
  const contextFor = async (
    authorization: string | undefined,
    request: RequestStore = newRequestStore(),
    clientRequestId?: string,
  ) => contextWith(await authenticate(authorization, tokenSettings), request, clientRequestId);
  // The rate limit and the context both need the caller: one verification per request.
  const authentications = new WeakMap<FastifyRequest, Promise<Authentication>>();
  const authenticationOf = (request: FastifyRequest): Promise<Authentication> => {
    let auth = authentications.get(request);
    if (!auth) {
      auth = authenticate(request.headers.authorization, tokenSettings);
      authentications.set(request, auth);
    }
    return auth;
  };
  // The store each HTTP request opened, for its GraphQL context.
  const stores = new WeakMap<object, RequestStore>();

  const rateLimit = await createRateLimiter(
    {
      actorPerMinute: config.RATE_LIMIT_ACTOR_PER_MINUTE,
      anonymousPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      redisUrl: config.REDIS_URL,
      keyPrefix: config.REDIS_KEY_PREFIX,
    },
    async (request) => (await authenticationOf(request)).identity,
    log.child({ component: 'rate-limit' }),
  );
  http.addHook('onClose', () => rateLimit.close());
  const fenceRedis = shareWriteFences(db, config, log);
  if (fenceRedis) http.addHook('onClose', async () => fenceRedis.disconnect());

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) =>
      contextWith(
        await authenticationOf(request),
        stores.get(request) ?? newRequestStore(String(request.id)),
        clientRequestIdOf(request.headers),
      ),
  });
  http.route<{ Reply: string }>({
    url: '/graphql',
    // OPTIONS is CORS preflight, answered by src/http/cors.ts before any route.
    method: ['GET', 'POST'],
    onRequest: rateLimit.hook,
    ...(trusted.httpHook ? { preHandler: trusted.httpHook } : {}),
    handler(request, reply) {
      const store = newRequestStore(String(request.id));
      stores.set(request, store);
      void reply.header('x-request-id', store.requestId);
      return observeGraphqlRequest(store, async () => handler.call(this, request, reply));
    },
  });

  http.get('/health/live', async () => ({ status: 'ok' }));
  http.get('/health/ready', async (_request, reply) => {
    // 200 while reads can be served (a replica down, or the primary down with a replica
    // up, answer "degraded" with the detail); 503 when no database answers.
    const health = await databaseHealth(db, 2000);
    return reply.code(health.status === 'unavailable' ? 503 : 200).send(health);
  });

  return { http, apollo, schema, tokenSettings, metricsHttp, contextFor };
}

/** A client's own correlation id, when it is a plausible one: logged, never stored as ours. */
function clientRequestIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const given = headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : undefined;
}

/** One log line per GraphQL request: operation, duration, statements, error codes. No variables. */
function requestLogPlugin() {
  return {
    async requestDidStart({ contextValue }: { contextValue: AppContext }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({
          operationName,
          errors,
        }: {
          operationName?: string | null;
          errors?: readonly GraphQLError[];
        }) {
          const store = contextValue.request;
          contextValue.log.info(
            {
              operation: operationName ?? null,
              role: contextValue.identity?.role ?? null,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              sqlStatements: store.sqlStatements,
              cost: store.queryCost,
              // Before formatting: a domain error's code is still its own, not yet in extensions.
              errors: errors?.map((e) => domainErrorIn(e)?.code ?? e.extensions?.code ?? 'UNKNOWN'),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
