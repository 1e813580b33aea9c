import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Config } from '../../config';

/**
 * Card numbers at rest: AES-256-GCM under CARD_ENCRYPTION_KEY, stored with the key id
 * (CARD_ENCRYPTION_KEY_ID) so that keys can rotate: new writes use the current key, rows
 * written under an earlier key stay readable through CARD_ENCRYPTION_PREVIOUS_KEYS until
 * they are re-encrypted. The subscriber id and key id are bound in as associated data,
 * so a ciphertext copied onto another row does not decrypt.
 */
export interface CardKey {
  id: string;
  key: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function currentCardKey(
  config: Pick<Config, 'CARD_ENCRYPTION_KEY' | 'CARD_ENCRYPTION_KEY_ID'>,
): CardKey {
  return { id: config.CARD_ENCRYPTION_KEY_ID, key: Buffer.from(config.CARD_ENCRYPTION_KEY, 'base64') };
}

/** Every key that may have written a stored row: the current one and the previous ones. */
export function cardKeyring(
  config: Pick<Config, 'CARD_ENCRYPTION_KEY' | 'CARD_ENCRYPTION_KEY_ID' | 'CARD_ENCRYPTION_PREVIOUS_KEYS'>,
): Map<string, Buffer> {
  const ring = new Map<string, Buffer>(
    Object.entries(config.CARD_ENCRYPTION_PREVIOUS_KEYS).map(([id, key]) => [id, Buffer.from(key, 'base64')]),
  );
  const current = currentCardKey(config);
  ring.set(current.id, current.key);
  return ring;
}

const associatedData = (subscriberId: string, keyId: string) => Buffer.from(`card:${subscriberId}:${keyId}`);

/** base64(iv || tag || ciphertext). */
export function encryptCardNumber(digits: string, subscriberId: string, key: CardKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(associatedData(subscriberId, key.id));
  const body = Buffer.concat([cipher.update(digits, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** For re-encryption under a new key and for the payment processor hand-off; never served. */
export function decryptCardNumber(
  ciphertext: string,
  subscriberId: string,
  keyId: string,
  keyring: Map<string, Buffer>,
): string {
  const key = keyring.get(keyId);
  if (!key) throw new Error(`No card key with id ${keyId}`);
  const raw = Buffer.from(ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(associatedData(subscriberId, keyId));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}
