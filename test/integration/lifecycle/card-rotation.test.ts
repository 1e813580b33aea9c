import { startHarness, Harness, resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { parseConfig } from '../../../src/config';
import { cardKeyring, decryptCardNumber, encryptCardNumber } from '../../../src/modules/billing/card-crypto';
import { reencryptCards } from '../../../src/modules/billing/card-rotation';

/** Retiring a card key: every number stored under it is rewritten under the current key. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
});
afterAll(() => h.close());

const oldKey = Buffer.alloc(32, 1).toString('base64');
const newKey = Buffer.alloc(32, 2).toString('base64');
const before = parseConfig({ CARD_ENCRYPTION_KEY: oldKey, CARD_ENCRYPTION_KEY_ID: 'k0' });
const after = parseConfig({
  CARD_ENCRYPTION_KEY: newKey,
  CARD_ENCRYPTION_KEY_ID: 'k9',
  CARD_ENCRYPTION_PREVIOUS_KEYS: `k0:${oldKey}`,
});

async function storeCard(subscriberId: string, digits: string, keyId = 'k0', key = oldKey) {
  const ciphertext = encryptCardNumber(digits, subscriberId, { id: keyId, key: Buffer.from(key, 'base64') });
  await h.db.query(
    `INSERT INTO billing_profiles (subscriber_id, card_brand, card_last4, card_expiry, card_ciphertext, card_key_id, updated_at)
     VALUES (?, 'VISA', ?, '12/39', ?, ?, NOW(3))`,
    [subscriberId, digits.slice(-4), ciphertext, keyId],
  );
}

const stored = async (subscriberId: string) =>
  (
    await h.db.query('SELECT card_ciphertext, card_key_id FROM billing_profiles WHERE subscriber_id = ?', [
      subscriberId,
    ])
  )[0] as { card_ciphertext: string; card_key_id: string };

test('numbers under the old key move to the current key and still decrypt to the same digits', async () => {
  const a = (await insertSubscriber(h.db)).id;
  const b = (await insertSubscriber(h.db)).id;
  await storeCard(a, '4111111111111111');
  await storeCard(b, '5555555555554444');
  const oldCiphertext = (await stored(a)).card_ciphertext;

  const result = await reencryptCards(h.db, after, { batchSize: 1 });
  expect(result).toEqual({ reencrypted: expect.any(Number), unknownKey: [] });
  expect(result.reencrypted).toBeGreaterThanOrEqual(2);

  const rowA = await stored(a);
  expect(rowA.card_key_id).toBe('k9');
  expect(rowA.card_ciphertext).not.toBe(oldCiphertext);
  expect(decryptCardNumber(rowA.card_ciphertext, a, 'k9', cardKeyring(after))).toBe('4111111111111111');
  // The old key alone no longer opens it: the old key can be retired.
  expect(() => decryptCardNumber(rowA.card_ciphertext, a, 'k9', cardKeyring(before))).toThrow();
  expect((await stored(b)).card_key_id).toBe('k9');

  expect(await reencryptCards(h.db, after)).toEqual({ reencrypted: 0, unknownKey: [] });
});

test('a row under a key id the keyring does not hold is reported and left as it is', async () => {
  const c = (await insertSubscriber(h.db)).id;
  await storeCard(c, '4012888888881881', 'lost', Buffer.alloc(32, 3).toString('base64'));
  const result = await reencryptCards(h.db, after);
  expect(result.unknownKey).toContain(c);
  expect((await stored(c)).card_key_id).toBe('lost');
});
