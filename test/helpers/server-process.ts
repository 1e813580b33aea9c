import { ChildProcess, spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';

/** A server started as `npm start` starts it (src/main.ts in its own process), on a free port. */
export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** What it wrote so far, stdout and stderr together. */
  output(): string;
  /** Waits until its output matches `pattern`; fails at once if it exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** How long it may take until /health/ready answers 200. */
  timeoutMs?: number;
  /** Node arguments; a benchmark passes the built entry point (`dist/src/main.js`). */
  entry?: string[];
  /** Its working directory, where it reads a `.env`; the repository by default. */
  cwd?: string;
}

const root = join(__dirname, '..', '..');
const DEFAULT_ENTRY = ['-r', require.resolve('ts-node/register/transpile-only'), join(root, 'src/main.ts')];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it gives a value; gives up at the deadline or once `gaveUp` says so. */
async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  deadline: number,
  gaveUp: () => boolean = () => false,
): Promise<T> {
  while (Date.now() < deadline && !gaveUp()) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined); // not listening yet
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(gaveUp() ? `the server exited before ${what}` : `the server timed out waiting for ${what}`);
}

async function waitForReady(url: string, deadline: number, exited = () => false): Promise<void> {
  await pollUntil(
    'readiness',
    async () => ((await fetch(`${url}/health/ready`)).status === 200 ? true : undefined),
    deadline,
    exited,
  );
}

/**
 * Starts the server and waits until it is ready. `env` is laid over this process's
 * environment; a variable given as undefined is left out, so that a `.env` decides it.
 */
export async function startServerProcess(
  env: Record<string, string | undefined> = {},
  { timeoutMs = 120_000, entry = DEFAULT_ENTRY, cwd = root }: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, entry, {
    cwd,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TS_NODE_PROJECT: join(root, 'tsconfig.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(url, Date.now() + timeoutMs, hasExited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}:\n${output.slice(-2000)}`);
  }
  return {
    url,
    port,
    child,
    output: () => output,
    async waitForOutput(pattern, waitMs = 30_000) {
      try {
        return await pollUntil(
          `${pattern}`,
          () => pattern.exec(output) ?? undefined,
          Date.now() + waitMs,
          hasExited,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}:\n${output.slice(-2000)}`);
      }
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** POSTs a GraphQL operation; returns the body and the server's request id. */
export async function graphql(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; requestId: string | null; body: { data?: unknown; errors?: unknown[] } }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  return { status: response.status, requestId: response.headers.get('x-request-id'), body };
}
