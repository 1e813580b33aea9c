import {
  cardBrand,
  isLuhnValid,
  maskCardNumber,
  normaliseCardNumber,
  normaliseExpiry,
} from '../../src/modules/billing/card';
import {
  cardKeyring,
  currentCardKey,
  decryptCardNumber,
  encryptCardNumber,
} from '../../src/modules/billing/card-crypto';

describe('card number checks', () => {
  test.each([
    ['4111 1111 1111 1111', '4111111111111111'],
    ['4111-1111-1111-1111', '4111111111111111'],
    ['378282246310005', '378282246310005'],
    ['6011 1111 1111 1117', '6011111111111117'],
    ['4111 1111 1111 1112', null],
    ['4111 1111 111', null],
    ['12345678901234567890', null],
    ['4111.1111.1111.1111', null],
    ['', null],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseCardNumber(raw)).toBe(expected);
  });

  test('Luhn', () => {
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
  });

  test.each([
    ['4111111111111111', 'VISA'],
    ['5555555555554444', 'MASTERCARD'],
    ['2223003122003222', 'MASTERCARD'],
    ['378282246310005', 'AMEX'],
    ['6011111111111117', 'DISCOVER'],
    ['3530111333300000', 'JCB'],
    ['30569309025904', 'DINERS'],
    ['6200000000000005', 'UNIONPAY'],
    ['9999999999999995', 'UNKNOWN'],
  ])('brand of %s is %s', (digits, brand) => {
    expect(cardBrand(digits)).toBe(brand);
  });

  const now = new Date(Date.UTC(2026, 10, 25));
  test.each([
    ['11/26', '11/26'],
    [' 12 / 30 ', '12/30'],
    ['10/26', null],
    ['13/30', null],
    ['1/30', null],
    ['2030-12', null],
  ])('expiry %s → %s', (raw, expected) => {
    expect(normaliseExpiry(raw, now)).toBe(expected);
  });

  test('masking shows the last 4 only', () => {
    expect(maskCardNumber('4242')).toBe('**** **** **** 4242');
    expect(maskCardNumber(null)).toBeNull();
  });
});

describe('card encryption (AES-256-GCM, key id for rotation)', () => {
  const old = { CARD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), CARD_ENCRYPTION_KEY_ID: 'k1' };
  const rotated = {
    CARD_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
    CARD_ENCRYPTION_KEY_ID: 'k2',
    CARD_ENCRYPTION_PREVIOUS_KEYS: { k1: old.CARD_ENCRYPTION_KEY },
  };

  test('round trip; a fresh IV each time; no digits in the ciphertext', () => {
    const key = currentCardKey(old);
    const a = encryptCardNumber('4111111111111111', '7', key);
    const b = encryptCardNumber('4111111111111111', '7', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('4111111111111111');
    expect(decryptCardNumber(a, '7', 'k1', cardKeyring({ ...old, CARD_ENCRYPTION_PREVIOUS_KEYS: {} }))).toBe(
      '4111111111111111',
    );
  });

  test('after rotation, rows under the previous key still decrypt; a copied ciphertext does not', () => {
    const written = encryptCardNumber('5555555555554444', '8', currentCardKey(old));
    const ring = cardKeyring(rotated);
    expect(decryptCardNumber(written, '8', 'k1', ring)).toBe('5555555555554444');
    expect(() => decryptCardNumber(written, '9', 'k1', ring)).toThrow();
    expect(() => decryptCardNumber(written, '8', 'k3', ring)).toThrow(/No card key/);
    expect(currentCardKey(rotated).id).toBe('k2');
  });
});
