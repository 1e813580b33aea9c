import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { cardKeyring, currentCardKey, decryptCardNumber, encryptCardNumber } from './card-crypto';

type KeyConfig = Pick<
  Config,
  'CARD_ENCRYPTION_KEY' | 'CARD_ENCRYPTION_KEY_ID' | 'CARD_ENCRYPTION_PREVIOUS_KEYS'
>;

export interface RotationResult {
  reencrypted: number;
  /** Rows under a key id the keyring does not hold: left as they are, to be looked into. */
  unknownKey: string[];
}

/**
 * Re-encrypts every stored card number that an earlier key wrote under the current key
 * (`npm run cards:reencrypt`), so that the old key can be retired. Rows are read in
 * batches by subscriber id; each row is rewritten in its own short transaction under its
 * row lock, after checking that it still carries an old key id, so the command can run
 * beside the server and again after an interruption. No card data leaves this function.
 */
export async function reencryptCards(
  db: DataSource,
  keys: KeyConfig,
  options: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<RotationResult> {
  const current = currentCardKey(keys);
  const keyring = cardKeyring(keys);
  const batchSize = options.batchSize ?? 500;
  const result: RotationResult = { reencrypted: 0, unknownKey: [] };
  let after = '0';
  for (;;) {
    const batch: { subscriber_id: string }[] = await db.query(
      `SELECT subscriber_id FROM billing_profiles
       WHERE subscriber_id > ? AND card_ciphertext IS NOT NULL AND card_key_id <> ?
       ORDER BY subscriber_id LIMIT ?`,
      [after, current.id, batchSize],
    );
    if (batch.length === 0) break;
    for (const { subscriber_id: subscriberId } of batch) {
      await db.transaction('READ COMMITTED', async (manager) => {
        const [row] = await manager.query(
          'SELECT card_ciphertext, card_key_id FROM billing_profiles WHERE subscriber_id = ? FOR UPDATE',
          [subscriberId],
        );
        if (!row?.card_ciphertext || row.card_key_id === current.id) return;
        if (!keyring.has(row.card_key_id)) {
          result.unknownKey.push(String(subscriberId));
          return;
        }
        const digits = decryptCardNumber(row.card_ciphertext, String(subscriberId), row.card_key_id, keyring);
        await manager.query(
          'UPDATE billing_profiles SET card_ciphertext = ?, card_key_id = ? WHERE subscriber_id = ?',
          [encryptCardNumber(digits, String(subscriberId), current), current.id, subscriberId],
        );
        result.reencrypted += 1;
      });
    }
    after = String(batch[batch.length - 1].subscriber_id);
    options.onProgress?.(result.reencrypted);
  }
  return result;
}
