import pino, { Logger } from 'pino';
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

export function createLogger(level = config().LOG_LEVEL): Logger {
  return pino({
    level,
    base: { service: 'kacmac-privacy-backend' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

let shared: Logger | undefined;
export function logger(): Logger {
  shared ??= createLogger();
  return shared;
}
