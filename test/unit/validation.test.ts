import { BadInputError } from '../../src/common/errors';
import { createSubscriberSchema } from '../../src/modules/subscriber/subscriber.inputs';
import { parseInput, isCountryCode } from '../../src/common/validation';

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
      expect(error as BadInputError).toMatchObject({
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
