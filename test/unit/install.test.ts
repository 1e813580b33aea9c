import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * `npm ci` installs without engine warnings on the Node.js version the README names:
 * every locked package accepts it (a transitive dependency that wants a newer Node is
 * pinned to a compatible version through `overrides` in package.json).
 */
const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const oldestNode = semver.minVersion(pkg.engines.node)!.version;

test('the README names the Node.js version package.json declares', () => {
  const named = /Node\.js (\d+\.\d+) or later/.exec(readme)?.[1];
  expect(`${named}.0`).toBe(oldestNode);
});

test('every locked package accepts that Node.js version', () => {
  const refusing = Object.entries(lock.packages as Record<string, { version?: string; engines?: unknown }>)
    .filter(([, meta]) => {
      const wanted = (meta.engines as { node?: string } | undefined)?.node;
      return typeof wanted === 'string' && !semver.satisfies(oldestNode, wanted);
    })
    .map(([path, meta]) => `${path}@${meta.version} wants node ${(meta.engines as { node: string }).node}`);
  expect(refusing).toEqual([]);
});

test('every locked package with an install script has a decision in allowScripts (no npm warning)', () => {
  const decided = new Set(Object.keys(pkg.allowScripts ?? {}).map((entry) => entry.replace(/(.)@.*$/, '$1')));
  const undecided = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
    .filter(([, meta]) => meta.hasInstallScript)
    .map(([path]) => path.replace(/^.*node_modules\//, ''))
    .filter((name) => !decided.has(name));
  expect(undecided).toEqual([]);
});
