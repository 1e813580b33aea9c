import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticate } from '../../../src/auth/token';
import { startServerProcess } from '../../helpers/server-process';

/**
 * `.env` in the working directory is read at start; a variable set in the environment
 * wins over the file; and `.env.example` copied as it is starts a development server.
 */
const root = join(__dirname, '..', '..', '..');
const tsNode = require.resolve('ts-node/register/transpile-only');
// What the test environment sets, removed so that the file decides.
const UNSET = {
  NODE_ENV: undefined,
  JWT_SECRET: undefined,
  CARD_ENCRYPTION_KEY: undefined,
  LOG_LEVEL: undefined,
};

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'kacmac-env-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const nodeArgs = (script: string, args: string[] = []) => ['-r', tsNode, join(root, script), ...args];
const childEnv = (env: Record<string, string | undefined>) => ({
  ...process.env,
  ...UNSET,
  TS_NODE_PROJECT: join(root, 'tsconfig.json'),
  ...env,
});

test('the file is read, and the explicit environment wins over it', async () => {
  const fileSecret = 'secret-from-the-env-file-0123456789abcdef';
  writeFileSync(join(cwd, '.env'), `JWT_SECRET=${fileSecret}\nJWT_ISSUER=issuer-from-file\n`);
  const result = spawnSync(
    process.execPath,
    nodeArgs('src/cli/token.ts', ['--role', 'ADMIN', '--sub', 'ops-1']),
    {
      cwd,
      env: childEnv({ JWT_ISSUER: 'issuer-from-environment' }),
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  expect(result.stderr).toBe('');
  const verify = (issuer: string) =>
    authenticate(`Bearer ${result.stdout.trim()}`, { secret: fileSecret, issuer, audience: 'kacmac-api' });
  expect((await verify('issuer-from-environment')).identity).toEqual({ actorId: 'ops-1', role: 'ADMIN' });
  expect((await verify('issuer-from-file')).identity).toBeNull();
});

test('.env.example copied as it is starts a development server', async () => {
  copyFileSync(join(root, '.env.example'), join(cwd, '.env'));
  // Only where to listen and which database are given: never the shared `kacmac`.
  const server = await startServerProcess(
    { ...UNSET, DATABASE_URL: process.env.DATABASE_URL },
    { cwd, timeoutMs: 40_000 },
  );
  try {
    const [, url] = await server.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    expect(server.output()).not.toContain('Invalid configuration');
    // Empty values in the file count as unset: the development defaults are used, with a warning.
    expect(server.output()).toContain('JWT_SECRET is not set: using the development default');
    expect(server.output()).toContain('CARD_ENCRYPTION_KEY is not set: using the development default');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ privacyPolicy { version } }' }),
    });
    expect(response.status).toBe(200);
    expect(await server.stop()).toBe(0);
  } finally {
    server.child.kill('SIGKILL');
  }
}, 60_000);
