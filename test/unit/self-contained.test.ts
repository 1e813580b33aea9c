import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The repo works on its own: the policy, the design and the API contract live in it
 * (docs/, schema/), every design section the code cites exists, and no code reads a
 * folder beside the repo. Only `npm run shared:check` looks there, on purpose.
 */
const root = join(__dirname, '..', '..');
const SYNC_SCRIPT = 'scripts/check-shared-copies.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs|js)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const files = ['src', 'test', 'migrations', 'scripts'].flatMap(sourceFiles);
// The sync check names the folder and its file names on purpose; this file names them to find them.
const checked = files.filter((file) => file !== SYNC_SCRIPT && file !== relative(root, __filename));
const designSections = new Set(
  [...readFileSync(join(root, 'docs', 'design.md'), 'utf8').matchAll(/^## (\d+)\. /gm)].map((m) => m[1]),
);

test('the specification is in the repo', () => {
  expect(readFileSync(join(root, 'docs', 'privacy-policy.txt'), 'utf8')).toContain(
    'Those changes will become effective 30 days after notice of them is posted here.',
  );
  expect(readFileSync(join(root, 'schema', 'api-contract.graphql'), 'utf8')).toMatch(/type Query\b/);
  expect([...designSections].map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('no code reads the specification folder beside the repo', () => {
  const sibling = new RegExp(`\\.\\./shared\\b|['"]shared['"]`);
  const offenders = checked.filter((file) => sibling.test(readFileSync(join(root, file), 'utf8')));
  expect(offenders).toEqual([]);
});

test('every design reference names docs/design.md and a section it has', () => {
  const problems: string[] = [];
  for (const file of checked) {
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const where = `${file}:${index + 1}`;
        if (/(^|[^/])DESIGN\.md/.test(line)) problems.push(`${where} cites DESIGN.md: cite docs/design.md`);
        for (const match of line.matchAll(/docs\/design\.md sections? ([\d, and]+)/g)) {
          for (const n of match[1].match(/\d+/g) ?? []) {
            if (!designSections.has(n))
              problems.push(`${where} cites docs/design.md section ${n}, which is missing`);
          }
        }
      });
  }
  expect(problems).toEqual([]);
});

describe('npm run shared:check', () => {
  const run = (sharedDir: string) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', SYNC_SCRIPT], {
      cwd: root,
      env: { ...process.env, SHARED_SPEC_DIR: sharedDir },
      encoding: 'utf8',
      timeout: 30_000,
    });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kacmac-spec-'));
    copyFileSync(join(root, 'docs', 'privacy-policy.txt'), join(dir, 'privacy-policy.txt'));
    copyFileSync(join(root, 'schema', 'api-contract.graphql'), join(dir, 'api-contract.graphql'));
    writeFileSync(join(dir, 'DESIGN.md'), '## 1. One\n\n## 2. Two\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('skips with a message when the folder is not there', () => {
    const result = run(join(dir, 'absent'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('shared:check skipped: no specification folder');
  });

  test('passes when the copies are identical, fails naming the copy that drifted', () => {
    expect(run(dir).status).toBe(0);
    writeFileSync(join(dir, 'api-contract.graphql'), 'type Query { changed: Int }\n');
    writeFileSync(join(dir, 'DESIGN.md'), '## 1. One\n\n## 10. Ten\n');
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('schema/api-contract.graphql differs');
    expect(result.stderr).toContain('docs/design.md lacks section(s) 10');
    expect(result.stderr).not.toContain('privacy-policy.txt differs');
  });
});
