import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDataSource } from '../data-source';
import { verifyAccessLog } from '../access-log/chain-verification';
import { parseAnchor } from '../access-log/access-log-anchor';

const USAGE = `usage: npm run access-log:verify -- [--anchor '<json line>' | --anchor-file <path>]`;

/**
 * `npm run access-log:verify`: recomputes the whole chain, optionally against an anchor
 * printed earlier by `npm run access-log:anchor`. Exit 0 when it holds, 1 when it does not
 * (with the first broken entry and why), 2 on bad arguments.
 */
async function main(): Promise<void> {
  let anchorText: string | undefined;
  try {
    const { values } = parseArgs({
      options: { anchor: { type: 'string' }, 'anchor-file': { type: 'string' } },
    });
    anchorText =
      values.anchor ?? (values['anchor-file'] ? readFileSync(values['anchor-file'], 'utf8') : undefined);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  let anchor;
  try {
    anchor = anchorText === undefined ? undefined : parseAnchor(anchorText.trim());
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const db = createDataSource({ poolSize: 1, replicaUrls: [] });
  await db.initialize();
  try {
    const result = await verifyAccessLog(db, { anchor });
    console.log(JSON.stringify(result));
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`verification failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
