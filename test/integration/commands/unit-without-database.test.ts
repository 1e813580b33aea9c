import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';

/**
 * `npm run test:unit` needs no database: run here with every database address pointing at a
 * port nothing listens on, it still passes, and runs no test of the integration project.
 */
const root = join(__dirname, '..', '..', '..');
const DEAD_SERVER = 'mysql://root@127.0.0.1:1';

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function runUnitTests(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'test:unit', '--', '--ci'], {
      cwd: root,
      env: {
        ...process.env,
        TEST_DATABASE_SERVER: DEAD_SERVER,
        DATABASE_URL: `${DEAD_SERVER}/kacmac`,
        DATABASE_REPLICA_URLS: '',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('npm run test:unit passes with no database to reach', async () => {
  expect(await portAnswers(1)).toBe(false);
  const { code, output } = await runUnitTests();
  expect(output).toContain('Running one project: unit');
  expect(output).not.toMatch(/(PASS|FAIL) integration/);
  expect(output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
  expect(code).toBe(0);
}, 300_000);
