import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchemaFile } from '../schema';

/**
 * Writes schema/schema.graphql from the code (`npm run build`, `npm run schema:emit`),
 * or with --check fails when the committed file differs (`npm test`).
 */
const root = join(__dirname, '..', '..', ...(__dirname.includes(`${join('dist', 'src')}`) ? ['..'] : []));
const target = join(root, 'schema', 'schema.graphql');
const emitted = printSchemaFile();

if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== emitted) {
    console.error('schema/schema.graphql is stale: run `npm run schema:emit` and commit the result');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the code');
} else {
  writeFileSync(target, emitted);
  console.log(`wrote ${target}`);
}
