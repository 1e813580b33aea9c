import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchemaFile } from '../../src/schema';

test('schema/schema.graphql is what the code emits (run `npm run schema:emit` after an API change)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
  expect(committed).toBe(printSchemaFile());
});
