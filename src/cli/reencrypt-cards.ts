import 'reflect-metadata';
import { config } from '../config';
import { loadEnvFile } from '../env-file';
import { createDataSource } from '../data-source';
import { reencryptCards } from '../modules/billing/card-rotation';

/**
 * `npm run cards:reencrypt`: after a key rotation (docs/privacy-rules.md), rewrites every
 * card number stored under a previous key with the current one. Prints counts and
 * subscriber ids only. Exit 0 when every row is under the current key, 1 when some rows
 * carry a key id the keyring does not hold, 2 when it could not run.
 */
async function main(): Promise<number> {
  loadEnvFile();
  const cfg = config();
  const db = createDataSource({ poolSize: 2, replicaUrls: [] });
  await db.initialize();
  try {
    console.log(`re-encrypting card numbers under key ${cfg.CARD_ENCRYPTION_KEY_ID}`);
    const result = await reencryptCards(db, cfg, {
      onProgress: (done) => console.log(`re-encrypted ${done} so far`),
    });
    console.log(`done: ${result.reencrypted} re-encrypted`);
    if (result.unknownKey.length > 0) {
      console.error(`under an unknown key id, left as they are: subscribers ${result.unknownKey.join(', ')}`);
      return 1;
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`re-encryption failed: ${error instanceof Error ? error.name : 'error'}`);
    process.exit(2);
  });
