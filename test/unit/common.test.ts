import { BadInputError } from '../../src/common/errors';
import { createSubscriberSchema } from '../../src/modules/subscriber/subscriber.inputs';
import { parseInput, isCountryCode } from '../../src/common/validation';
import {
  isAccountNumber,
  luhnCheckDigit,
  newAccountNumber,
} from '../../src/modules/subscriber/account-number';
import { addMonthsUtc } from '../../src/common/clock';
import { chainHash, canonicalJson, GENESIS_HASH } from '../../src/access-log/hash-chain';

describe('input normalisation', () => {
  test('e-mail is trimmed and lower-cased, phone stored as E.164, country upper-cased', () => {
    const values = parseInput(createSubscriberSchema, {
      name: '  Ada Lovelace ',
      email: '  Ada@Example.COM ',
      phone: '+1 (415) 555-0100',
      address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'us' },
    });
    expect(values).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+14155550100',
      address: { country: 'US', line2: null, region: null },
    });
  });

  test.each([
    [{ name: 'A', email: 'not-an-email' }, 'input.email'],
    [{ name: '', email: 'a@b.co' }, 'input.name'],
    [{ name: 'A', email: 'a@b.co', phone: '12' }, 'input.phone'],
    [
      { name: 'A', email: 'a@b.co', address: { line1: 'x', city: 'y', postalCode: '1', country: 'XX' } },
      'input.address.country',
    ],
  ])('bad input names its field: %j → %s', (input, field) => {
    try {
      parseInput(createSubscriberSchema, input);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_INPUT',
        field,
      });
    }
  });

  test('country codes are ISO 3166-1 alpha-2', () => {
    expect(isCountryCode('DE')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode('deu')).toBe(false);
  });
});

describe('account numbers', () => {
  test('carry a Luhn check digit that catches a mistyped digit', () => {
    const number = newAccountNumber();
    expect(number).toMatch(/^KM\d{10}$/);
    expect(isAccountNumber(number)).toBe(true);
    const wrong = number.slice(0, 5) + ((Number(number[5]) + 1) % 10) + number.slice(6);
    expect(isAccountNumber(wrong)).toBe(false);
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });
});

describe('clock arithmetic', () => {
  test('adding months clamps to the end of shorter months', () => {
    expect(addMonthsUtc(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2025-11-15T00:00:00Z'), 12).toISOString()).toBe('2026-11-15T00:00:00.000Z');
  });
});

describe('hash chain', () => {
  const entry = {
    id: '1',
    at: new Date('2026-01-01T00:00:00Z'),
    requestId: 'r',
    actorId: 'a',
    actorRole: 'ADMIN',
    subscriberId: '7',
    category: 'BILLING',
    fields: ['billing'],
    basis: 'ROLE',
    disclosureExceptionId: null,
    operation: 'subscriber',
  };
  test('is deterministic and changes with any field or the previous hash', () => {
    expect(canonicalJson(entry)).toBe(canonicalJson({ ...entry }));
    const hash = chainHash(GENESIS_HASH, entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...entry, actorId: 'b' })).not.toBe(hash);
    expect(chainHash('1'.repeat(64), entry)).not.toBe(hash);
  });
});
