import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest } from '../common/persisted-query-manifest';

/**
 * Writes persisted-queries/manifest.json from persisted-queries/operations.graphql
 * (`npm run persisted-queries:manifest`), or with --check fails when it is stale.
 */
const folder = join(
  __dirname,
  '..',
  '..',
  ...(__dirname.includes(join('dist', 'src')) ? ['..'] : []),
  'persisted-queries',
);
const manifest =
  JSON.stringify(buildManifest(readFileSync(join(folder, 'operations.graphql'), 'utf8')), null, 2) + '\n';
const target = join(folder, 'manifest.json');

if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== manifest) {
    console.error('persisted-queries/manifest.json is stale: run `npm run persisted-queries:manifest`');
    process.exit(1);
  }
  console.log('persisted-queries/manifest.json matches operations.graphql');
} else {
  writeFileSync(target, manifest);
  console.log(`wrote ${target}`);
}
