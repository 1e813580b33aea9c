import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, parseConfig } from '../../src/config';

describe('configuration', () => {
  test('defaults are the local ones, and development defaults are named for the warning', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: '0.0.0.0',
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/kacmac',
      DATABASE_POOL_SIZE: 10,
      JWT_ISSUER: 'kacmac',
      JWT_AUDIENCE: 'kacmac-api',
      NODE_ENV: 'development',
      DATABASE_REPLICA_URLS: [],
    });
    expect(config.developmentDefaults).toContain('JWT_SECRET');
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  test('one error names every bad variable', () => {
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'loud' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(message).toContain(name);
    }
  });

  test('production refuses a missing or short secret and a missing card key', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET.*CARD_ENCRYPTION_KEY/s,
    );
    const ok = parseConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'Zq3-vN8rT0pLk2wXy7Hs9dFg4JmBc1Ae6Ru5Oi',
      CARD_ENCRYPTION_KEY: 'Nb8FUR9g6YFjUF+WBY/oAl8K4Zm++FMteVT3UuULjSM=',
      ACCESS_LOG_KEY: 'cIOOpVzZQfwun7KvjUcV0NsmlZdT9v8agScBJjNlo3U=',
    });
    expect(ok.developmentDefaults).toEqual([]);
  });

  test('a card key that is not 32 bytes of base64 is refused', () => {
    expect(() => parseConfig({ CARD_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /CARD_ENCRYPTION_KEY/,
    );
  });

  test('replica URLs are split on commas', () => {
    expect(parseConfig({ DATABASE_REPLICA_URLS: 'mysql://a/x, mysql://b/x' }).DATABASE_REPLICA_URLS).toEqual([
      'mysql://a/x',
      'mysql://b/x',
    ]);
  });

  test('CORS_ORIGINS: comma-separated origins; empty means unset; a path or wildcard is refused', () => {
    expect(
      parseConfig({ CORS_ORIGINS: 'https://admin.kacmac.example, http://localhost:3000' }).CORS_ORIGINS,
    ).toEqual(['https://admin.kacmac.example', 'http://localhost:3000']);
    expect(parseConfig({ CORS_ORIGINS: '' }).CORS_ORIGINS).toBeUndefined();
    for (const bad of [
      'https://app.example/',
      'https://app.example/path',
      '*',
      'app.example',
      'ftp://app.example',
    ]) {
      expect(() => parseConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });
});

describe('empty values', () => {
  test('count as unset, so .env.example as it is parses to the development defaults', () => {
    const example = parseEnv(readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8'));
    expect(example.JWT_SECRET).toBe('');
    const config = parseConfig(example);
    expect(config.NODE_ENV).toBe('development');
    expect(config.developmentDefaults).toEqual(['JWT_SECRET', 'CARD_ENCRYPTION_KEY', 'ACCESS_LOG_KEY']);
    expect(config.DATABASE_REPLICA_URLS).toEqual([]);
  });

  test('still leave production without its required secrets', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: ' ', CARD_ENCRYPTION_KEY: '' })).toThrow(
      /JWT_SECRET.*CARD_ENCRYPTION_KEY/s,
    );
  });
});
