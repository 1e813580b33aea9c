import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contractGaps } from './contract-gaps';

/**
 * `npm run contract:check [schema] [contract]`: lists every gap between the emitted
 * schema (default schema/schema.graphql) and the API contract (default
 * schema/api-contract.graphql). Exit 0 when the schema honours the contract, 1 otherwise.
 */
const root = join(__dirname, '..');
const [
  schemaPath = join(root, 'schema', 'schema.graphql'),
  contractPath = join(root, 'schema', 'api-contract.graphql'),
] = process.argv.slice(2);

const gaps = contractGaps(readFileSync(contractPath, 'utf8'), readFileSync(schemaPath, 'utf8'));
const shown = relative(process.cwd(), schemaPath);
if (gaps.length > 0) {
  console.log(`contract:check: ${gaps.length} gap(s) between ${shown} and the contract`);
  for (const gap of gaps) console.log(`  ${gap}`);
  process.exit(1);
}
console.log(`contract:check: ${shown} honours every name in the contract`);
