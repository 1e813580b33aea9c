import Fastify, { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { metrics } from './metrics';

/** GET /metrics: the Prometheus text exposition of this process's metrics. */
export function addMetricsRoute(http: FastifyInstance): void {
  http.get('/metrics', async (_request, reply) => {
    const registry = metrics().registry;
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

/**
 * A listener of its own for METRICS_PORT, so /metrics can stay off the public port
 * (bind it where only the scraper reaches). It serves /metrics and nothing else.
 */
export function createMetricsServer(log: Logger): FastifyInstance {
  const http = Fastify({ loggerInstance: log.child({ component: 'metrics' }) as FastifyBaseLogger });
  addMetricsRoute(http);
  return http;
}

/** Stopping the API (apollo.stop(), on SIGTERM and in tests) also closes the /metrics listener. */
export function stopMetricsServerWithApollo(metricsHttp: FastifyInstance | null): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await metricsHttp?.close();
        },
      };
    },
  };
}
