import pino from 'pino';
import { REDACTED_PATHS } from '../../src/logger';

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
