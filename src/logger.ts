import pino, { Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { config } from './config';

/**
 * Structured logs. Personal data never reaches them: authorization headers, contact
 * fields, card data and IP addresses are redacted wherever they appear (docs/design.md section 6).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  '*.authorization',
  '*.email',
  '*.phone',
  '*.name',
  '*.address',
  '*.ipAddress',
  '*.ip',
  '*.cardNumber',
  '*.cardExpiry',
  '*.variables',
  'variables',
  'email',
  'phone',
  'cardNumber',
  'ipAddress',
];

/**
 * Human-readable lines (pino-pretty) for a developer watching a terminal; JSON lines
 * everywhere else, where a collector reads them.
 */
export function wantsPrettyLogs(nodeEnv: string, stdoutIsTerminal: boolean): boolean {
  return nodeEnv === 'development' && stdoutIsTerminal;
}

export function createLogger(
  level = config().LOG_LEVEL,
  pretty = wantsPrettyLogs(config().NODE_ENV, Boolean(process.stdout.isTTY)),
  destination?: NodeJS.WritableStream,
): Logger {
  const options = {
    level,
    base: { service: 'kacmac-privacy-backend' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (!pretty) return destination ? pino(options, destination) : pino(options);
  // In-process and synchronous: no worker thread, and nothing lost when the process exits.
  return pino(
    options,
    pinoPretty({
      destination: destination ?? 1,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'service,pid,hostname',
    }),
  );
}

let shared: Logger | undefined;
export function logger(): Logger {
  shared ??= createLogger();
  return shared;
}
