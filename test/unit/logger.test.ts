import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger, REDACTED_PATHS, wantsPrettyLogs } from '../../src/logger';

test('logs redact authorization headers, contact fields, card numbers and IP addresses', () => {
  const lines: string[] = [];
  const log = pino(
    { redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    { write: (line: string) => lines.push(line) },
  );
  log.info({
    req: { headers: { authorization: 'Bearer secret-token' } },
    subscriber: { email: 'ada@example.com', phone: '+14155550100', name: 'Ada', ipAddress: '198.51.100.7' },
    input: { cardNumber: '4242424242424242' },
  });
  const line = lines.join('');
  for (const secret of [
    'secret-token',
    'ada@example.com',
    '+14155550100',
    'Ada',
    '198.51.100.7',
    '4242424242424242',
  ]) {
    expect(line).not.toContain(secret);
  }
  expect(line).toContain('[redacted]');
});

describe('development logs', () => {
  test('are pretty only in development on a terminal', () => {
    expect(wantsPrettyLogs('development', true)).toBe(true);
    expect(wantsPrettyLogs('development', false)).toBe(false);
    expect(wantsPrettyLogs('production', true)).toBe(false);
    expect(wantsPrettyLogs('test', true)).toBe(false);
  });

  test('pretty lines are readable text, still redacted; otherwise JSON', () => {
    const written = (pretty: boolean) => {
      const chunks: string[] = [];
      const sink = new Writable({
        write(chunk, _encoding, done) {
          chunks.push(String(chunk));
          done();
        },
      });
      const log = createLogger('info', pretty, sink);
      log.info({ subscriber: { email: 'ada@example.com' } }, 'server ready');
      return chunks.join('');
    };
    const pretty = written(true);
    expect(pretty).toMatch(/INFO.*server ready/);
    expect(() => JSON.parse(pretty)).toThrow();
    expect(pretty).not.toContain('ada@example.com');
    expect(JSON.parse(written(false))).toMatchObject({ msg: 'server ready', level: 30 });
  });
});
