import { randomInt } from 'node:crypto';

/** Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A new account number: "KM", nine random digits and a Luhn check digit, so that a
 * mistyped number is caught before a look-up. Uniqueness is the database's job (the
 * service retries on the rare collision).
 */
export function newAccountNumber(): string {
  const body = String(randomInt(100_000_000, 1_000_000_000));
  return `KM${body}${luhnCheckDigit(body)}`;
}

export function isAccountNumber(value: string): boolean {
  const match = /^KM(\d{9})(\d)$/i.exec(value);
  return match !== null && luhnCheckDigit(match[1]) === Number(match[2]);
}
