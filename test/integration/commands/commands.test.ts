import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { authenticate } from '../../../src/auth/token';

/** The token command and the server's refusal to start on bad configuration. */
const root = join(__dirname, '..', '..', '..');

function run(script: string, args: string[], env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

test('npm run token prints a token the server accepts, for the role and subject asked', async () => {
  const result = run('src/cli/token.ts', ['--role', 'SUPPORT', '--sub', 'agent-7', '--ttl', '5m'], {});
  expect(result.status).toBe(0);
  const token = result.stdout.trim();
  const auth = await authenticate(`Bearer ${token}`, {
    secret: process.env.JWT_SECRET!,
    issuer: 'kacmac',
    audience: 'kacmac-api',
  });
  expect(auth.identity).toEqual({ actorId: 'agent-7', role: 'SUPPORT' });
});

test('npm run token refuses an unknown role with its usage', () => {
  const result = run('src/cli/token.ts', ['--role', 'ROOT', '--sub', 'x'], {});
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('usage: npm run token');
});

test('npm run token refuses a subject the server would refuse', () => {
  const result = run('src/cli/token.ts', ['--role', 'CUSTOMER', '--sub', '042'], {});
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('canonical decimal form');
  expect(result.stdout).toBe('');
});

test('npm run token -- --help prints the usage and exits 0; an unknown option gets it too', () => {
  const help = run('src/cli/token.ts', ['--help'], {});
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('usage: npm run token -- --role <');
  expect(help.stdout).toContain('--ttl');
  const unknown = run('src/cli/token.ts', ['--rol', 'ADMIN'], {});
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toContain("Unknown option '--rol'");
  expect(unknown.stderr).toContain('usage: npm run token');
});

test('a bad configuration stops the start with one message naming every bad variable', () => {
  const result = run('src/main.ts', [], { PORT: 'eighty', DATABASE_POOL_SIZE: '0', LOG_LEVEL: 'silent' });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/Invalid configuration: .*PORT.*DATABASE_POOL_SIZE/);
});

test('production refuses to start without a strong JWT secret and a card key', () => {
  const result = run('src/main.ts', [], {
    NODE_ENV: 'production',
    JWT_SECRET: 'short',
    CARD_ENCRYPTION_KEY: undefined,
    LOG_LEVEL: 'silent',
  });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/JWT_SECRET .*at least 32 characters.*CARD_ENCRYPTION_KEY is required/);
});
