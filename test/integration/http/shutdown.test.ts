import { startServerProcess } from '../../helpers/server-process';

/** `npm start`'s process: serves, and on SIGTERM stops accepting, closes the pool, exits 0. */
test('SIGTERM: the server stops listening and exits 0', async () => {
  const server = await startServerProcess({ LOG_LEVEL: 'info' }, { timeoutMs: 25_000 });
  try {
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
  } finally {
    server.child.kill('SIGKILL');
  }
}, 40_000);
