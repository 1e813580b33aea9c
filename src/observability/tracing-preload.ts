import { config } from '../config';
import { startTracing } from './tracing';

/**
 * Imported first by main.ts: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must be
 * running before http, graphql and mysql2 are loaded. A bad configuration is left for
 * main.ts to report.
 */
try {
  startTracing(config());
} catch {
  // main.ts parses the configuration again and stops with the message naming every bad variable.
}
