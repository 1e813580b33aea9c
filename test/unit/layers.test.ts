import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as ts from 'typescript';

/**
 * The layer order of CONTRIBUTING.md: eslint's import/no-restricted-paths refuses an import
 * that runs uphill (checked here on probe files, since an import the rule cannot resolve
 * would pass silently), and no two folders of src/ import each other, directly or round
 * about. A folder is a directory of src/ (a module of src/modules counts as its own) or a
 * file directly in src/; `import type` is left out, as it makes no dependency at run time.
 */
const root = join(__dirname, '..', '..');
const src = join(root, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(file: string): string {
  const parts = relative(src, file).split('/');
  if (parts.length === 1) return parts[0].replace(/\.ts$/, '');
  return parts[0] === 'modules' && parts.length > 2 ? `modules/${parts[1]}` : parts[0];
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** The relative imports of a file that exist at run time (not `import type`). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specs: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
      specs.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specs.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specs.filter((spec) => spec.startsWith('.'));
}

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of tsFiles(src)) {
    const from = folderOf(file);
    for (const spec of valueImports(file)) {
      const target = resolveImport(file, spec);
      if (!target || !target.startsWith(src)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (node: string, path: string[]) => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), node, next]);
      else if (!state.has(next)) walk(next, [...path, node]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) walk(node, []);
  return found;
}

test('no two folders of src/ import each other, directly or round about', () => {
  const graph = folderGraph();
  expect(graph.get('modules/billing')).toContain('modules/subscriber');
  expect(cycles(graph)).toEqual([]);
});

test('the cycle finder finds a cycle', () => {
  const graph = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
  ]);
  expect(cycles(graph)).toHaveLength(1);
});

/**
 * Lints probe files as if they stood at the given paths, with the repository's eslint
 * config, in a child process (eslint loads its config as an ES module, which jest's module
 * system does not run).
 */
function lintProbes(probes: [string, string][]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: process.cwd() });
    const probes = JSON.parse(process.argv[1]);
    const out = [];
    for (const [file, code] of probes) {
      const [result] = await eslint.lintText(code, { filePath: file });
      out.push(result.messages.map((m) => m.ruleId));
    }
    console.log(JSON.stringify(out));`;
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      script,
      JSON.stringify(probes.map(([file, code]) => [join(root, file), code])),
    ],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const UPHILL: [string, string][] = [
  ['src/common/probe.ts', "import { STRUCTURE } from '../access/categories';\nexport const x = STRUCTURE;\n"],
  ['src/access/probe.ts', "import { resolvers } from '../modules';\nexport const x = resolvers;\n"],
  ['src/database/probe.ts', "import { entities } from '../entities';\nexport const x = entities;\n"],
  [
    'src/modules/subscriber/probe.ts',
    "import { recordSignUpChoice } from '../marketing/sign-up-choice';\nexport const x = recordSignUpChoice;\n",
  ],
];
const CONTEXT_VALUE: [string, string] = [
  'src/database/probe.ts',
  "import { createContext } from '../context';\nexport const x = createContext;\n",
];
const ALLOWED: [string, string][] = [
  ['src/database/probe.ts', "import type { AppContext } from '../context';\nexport type X = AppContext;\n"],
  ['src/modules/billing/probe.ts', "import { clock } from '../../common/clock';\nexport const x = clock;\n"],
];

test('the lint rule refuses an import that runs uphill, and only that', () => {
  const results = lintProbes([...UPHILL, CONTEXT_VALUE, ...ALLOWED]);
  UPHILL.forEach((_, i) => expect(results[i]).toContain('import/no-restricted-paths'));
  // A lower layer may import the request context as a type only.
  expect(results[UPHILL.length]).toContain('@typescript-eslint/no-restricted-imports');
  expect(results.slice(UPHILL.length + 1)).toEqual([[], []]);
}, 120_000);
