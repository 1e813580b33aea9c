/* eslint-disable @typescript-eslint/no-require-imports -- the SDK is required only when tracing is on */
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Optional OpenTelemetry tracing: HTTP server spans, GraphQL parse/validate/execute, and
 * every mysql2 statement, exported over OTLP to OTEL_EXPORTER_OTLP_ENDPOINT. When that
 * variable is unset nothing of the SDK is even loaded. It must start before http, graphql
 * and mysql2 are first required (the instrumentations patch them as they load), which is
 * why main.ts imports ./tracing-preload before anything else.
 *
 * Traces leave the process, so nothing personal goes with them (docs/design.md section 6):
 * GraphQL literals are masked and variables never recorded, SQL statements are masked,
 * GET query strings redacted, client and peer addresses dropped, and error messages
 * (a database error quotes the duplicate e-mail) reduced to their type.
 */
export interface TracingHandle {
  shutdown(): Promise<void>;
}

let running: TracingHandle | undefined;

export function startTracing(
  config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>,
): TracingHandle | undefined {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT || running) return running;
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { MySQL2Instrumentation } =
    require('@opentelemetry/instrumentation-mysql2') as typeof import('@opentelemetry/instrumentation-mysql2');

  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME,
    spanProcessors: [new BatchSpanProcessor(new RedactingSpanExporter(otlpTraceExporter()))],
    // Only traces: the server's metrics are Prometheus (/metrics), its logs pino.
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => !request.url?.startsWith('/graphql'),
        // A GET request carries the query and its variables in the URL.
        redactedQueryParams: ['query', 'variables', 'extensions'],
        // The client's IP address is personal data (the policy's USAGE category).
        startIncomingSpanHook: () => ({ 'client.address': undefined, 'network.peer.address': undefined }),
      }),
      new GraphQLInstrumentation({
        allowValues: false,
        mergeItems: true,
        // Resolver spans would record raw resolver errors; the execute span is enough.
        ignoreResolveSpans: true,
      }),
      new MySQL2Instrumentation({ maskStatement: true }),
    ],
  });
  sdk.start();
  running = { shutdown: () => sdk.shutdown() };
  return running;
}

/** Sends the spans still buffered, then stops (main.ts, on SIGTERM/SIGINT). */
export async function stopTracing(): Promise<void> {
  await running?.shutdown();
  running = undefined;
}

/** OTLP over the protocol the standard variable names: http/protobuf (default), http/json or grpc. */
function otlpTraceExporter(): SpanExporter {
  const protocol = (
    process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ??
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL ??
    'http/protobuf'
  ).trim();
  if (protocol === 'http/json') {
    return new (require('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter)();
  }
  if (protocol === 'grpc') {
    return new (require('@opentelemetry/exporter-trace-otlp-grpc').OTLPTraceExporter)();
  }
  return new (require('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter)();
}

/** Attributes that could identify a person or quote a request's values. */
const DROPPED_ATTRIBUTES = new Set([
  'client.address',
  'network.peer.address',
  'http.client_ip',
  'net.peer.ip',
  'url.query',
  'url.full',
  'http.url',
  'http.target',
  'graphql.variables',
]);

/** A copy of each span without what DROPPED_ATTRIBUTES names, status texts or error messages. */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.inner.export(spans.map(redactSpan), done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function redactSpan(span: ReadableSpan): ReadableSpan {
  const attributes = Object.fromEntries(
    Object.entries(span.attributes).filter(
      ([key]) => !DROPPED_ATTRIBUTES.has(key) && !key.startsWith('graphql.variables.'),
    ),
  );
  const events = span.events.map((event) =>
    event.name === 'exception'
      ? { ...event, attributes: { 'exception.type': event.attributes?.['exception.type'] ?? 'Error' } }
      : event,
  );
  // The prototype keeps spanContext() and the rest; own properties shadow what is redacted.
  return Object.assign(Object.create(span) as ReadableSpan, {
    attributes,
    events,
    status: { code: span.status.code },
  });
}
