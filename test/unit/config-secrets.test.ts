import { ConfigError, parseConfig } from '../../src/config';
import { DEV_ACCESS_LOG_KEY, DEV_CARD_KEY, DEV_JWT_SECRET } from '../../src/config-secrets';

/** Finding 6 of issue 10: production starts only on secrets nobody else knows or can guess. */
const strong = {
  NODE_ENV: 'production',
  JWT_SECRET: 'Zq3-vN8rT0pLk2wXy7Hs9dFg4JmBc1Ae6Ru5Oi',
  CARD_ENCRYPTION_KEY: 'Nb8FUR9g6YFjUF+WBY/oAl8K4Zm++FMteVT3UuULjSM=',
  ACCESS_LOG_KEY: 'cIOOpVzZQfwun7KvjUcV0NsmlZdT9v8agScBJjNlo3U=',
};
const key = (bytes: Buffer) => bytes.toString('base64');

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

test('strong, generated secrets start production', () => {
  expect(problemsOf(strong)).toBe('');
  expect(parseConfig(strong).developmentDefaults).toEqual([]);
});

test.each([
  ['the published development JWT secret', { JWT_SECRET: DEV_JWT_SECRET }, 'JWT_SECRET'],
  ['"a" x 32', { JWT_SECRET: 'a'.repeat(32) }, 'JWT_SECRET'],
  ['a short secret', { JWT_SECRET: 'Zq3-vN8rT0pLk2wX' }, 'JWT_SECRET'],
  ['a repeated pattern', { JWT_SECRET: '0123456789'.repeat(4) }, 'JWT_SECRET'],
  ['a secret of few characters', { JWT_SECRET: 'abcabcabcdabcabcabcdabcabcabcdab' }, 'JWT_SECRET'],
  ['the published development card key', { CARD_ENCRYPTION_KEY: DEV_CARD_KEY }, 'CARD_ENCRYPTION_KEY'],
  ['an all-zero card key', { CARD_ENCRYPTION_KEY: key(Buffer.alloc(32)) }, 'CARD_ENCRYPTION_KEY'],
  ['a repeated-byte card key', { CARD_ENCRYPTION_KEY: key(Buffer.alloc(32, 0xa5)) }, 'CARD_ENCRYPTION_KEY'],
  [
    'a card key of a short repeated pattern',
    { CARD_ENCRYPTION_KEY: key(Buffer.from('0123456789abcdef'.repeat(2))) },
    'CARD_ENCRYPTION_KEY',
  ],
  ['no access-log key', { ACCESS_LOG_KEY: undefined }, 'ACCESS_LOG_KEY'],
  ['the published development access-log key', { ACCESS_LOG_KEY: DEV_ACCESS_LOG_KEY }, 'ACCESS_LOG_KEY'],
  ['an all-zero access-log key', { ACCESS_LOG_KEY: key(Buffer.alloc(32)) }, 'ACCESS_LOG_KEY'],
])('production refuses %s, naming the variable and never the value', (_label, change, variable) => {
  const env = { ...strong, ...change };
  const message = problemsOf(env);
  expect(message).toContain(variable);
  // Only the named variable is the problem.
  for (const other of ['JWT_SECRET', 'CARD_ENCRYPTION_KEY', 'ACCESS_LOG_KEY'].filter((v) => v !== variable)) {
    expect(message).not.toContain(other);
  }
  const value = (change as Record<string, string | undefined>)[variable];
  if (value) expect(message).not.toContain(value);
});

test('outside production the development defaults are used, and named for the warning', () => {
  const config = parseConfig({});
  expect(config.developmentDefaults).toEqual(['JWT_SECRET', 'CARD_ENCRYPTION_KEY', 'ACCESS_LOG_KEY']);
  expect(config.ACCESS_LOG_KEY).toBe(DEV_ACCESS_LOG_KEY);
});

test('JWT_MAX_TTL reads durations, 12 h by default', () => {
  expect(parseConfig({}).JWT_MAX_TTL).toBe(43_200);
  expect(parseConfig({ JWT_MAX_TTL: '30m' }).JWT_MAX_TTL).toBe(1800);
  expect(parseConfig({ JWT_MAX_TTL: '900' }).JWT_MAX_TTL).toBe(900);
  expect(problemsOf({ JWT_MAX_TTL: 'forever' })).toContain('JWT_MAX_TTL');
});
