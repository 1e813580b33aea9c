import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm start` as an operator runs it: it builds, migrates and serves, prints the URL to
 * use, and SIGTERM to the npm process stops the server itself (the start script execs
 * node, so no server is left running under another parent).
 */
const root = join(__dirname, '..', '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function childrenOf(pid: number): { pid: number; command: string }[] {
  const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), command: match[2] }));
}

test('npm start prints the full URL, serves it, and stops whole on SIGTERM', async () => {
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (chunk) => (output += chunk));
  npm.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 240_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline && npm.exitCode === null) {
      url = /listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output)?.[1];
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(url).toBeDefined();
    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });

    const [server] = childrenOf(npm.pid!);
    expect(server.command).toBe('node --max-semi-space-size=64 dist/src/main.js');
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (let i = 0; i < 50 && alive(server.pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(server.pid)).toBe(false);
    expect(output).toContain('"msg":"stopped"');
    await expect(fetch(url!)).rejects.toThrow();
  } finally {
    npm.kill('SIGKILL');
  }
}, 300_000);
