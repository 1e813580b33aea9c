import {
  isAccountNumber,
  luhnCheckDigit,
  newAccountNumber,
} from '../../src/modules/subscriber/account-number';

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
