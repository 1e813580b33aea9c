import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `npm run shared:check`: the repo keeps its own copies of the privacy policy and the
 * API contract, so that a clone works on its own. Where the specification folder the
 * copies come from is beside the repo (`../shared`, or SHARED_SPEC_DIR), this checks
 * that the copies are still identical to it, and that docs/design.md keeps every
 * numbered section of the design it is written from. Without that folder it says so
 * and exits 0: the repo's own tests never need it.
 */
const root = resolve(__dirname, '..');
const shared = resolve(process.env.SHARED_SPEC_DIR ?? join(root, '..', 'shared'));

const COPIES: [original: string, copy: string][] = [
  ['privacy-policy.txt', 'docs/privacy-policy.txt'],
  ['api-contract.graphql', 'schema/api-contract.graphql'],
];

const sectionNumbers = (markdown: string) =>
  [...markdown.matchAll(/^## (\d+)\. /gm)].map((match) => Number(match[1]));

function main(): number {
  if (!existsSync(shared)) {
    console.log(
      `shared:check skipped: no specification folder at ${shared} (the repo's copies are used as they are)`,
    );
    return 0;
  }
  const problems: string[] = [];
  for (const [original, copy] of COPIES) {
    const source = join(shared, original);
    if (!existsSync(source)) {
      problems.push(`${source} is missing`);
    } else if (readFileSync(source, 'utf8') !== readFileSync(join(root, copy), 'utf8')) {
      problems.push(
        `${copy} differs from ${source}: copy it over (cp ${source} ${copy}) and review the change`,
      );
    }
  }
  const designSource = join(shared, 'DESIGN.md');
  if (existsSync(designSource)) {
    const ours = new Set(sectionNumbers(readFileSync(join(root, 'docs', 'design.md'), 'utf8')));
    const missing = sectionNumbers(readFileSync(designSource, 'utf8')).filter((n) => !ours.has(n));
    if (missing.length > 0) {
      problems.push(`docs/design.md lacks section(s) ${missing.join(', ')} of ${designSource}`);
    }
  }
  if (problems.length > 0) {
    console.error(`shared:check: the repo's copies are out of date with ${shared}`);
    for (const problem of problems) console.error(`  ${problem}`);
    return 1;
  }
  console.log(
    `shared:check: docs/privacy-policy.txt, schema/api-contract.graphql and docs/design.md agree with ${shared}`,
  );
  return 0;
}

process.exit(main());
