import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The request's store travels explicitly (src/common/request-store.ts): on Node 20 one
 * AsyncLocalStorage runs a hook on every promise of every request, about a tenth of the
 * dashboard's server CPU (docs/performance.md). Tracing may bring its own context manager,
 * only when it is switched on (src/observability/tracing.ts).
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no source file uses AsyncLocalStorage or async_hooks', () => {
  const users = sources(join(__dirname, '../../src')).filter((file) =>
    /from ['"](node:)?async_hooks['"]|new AsyncLocalStorage/.test(readFileSync(file, 'utf8')),
  );
  expect(users).toEqual([]);
});
