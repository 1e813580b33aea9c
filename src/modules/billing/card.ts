import { luhnCheckDigit } from '../subscriber/account-number';

/**
 * Card checks (docs/design.md section 6): digits only after removing spaces and dashes,
 * 12 to 19 of them, a valid Luhn check digit; the brand from the prefix; the expiry
 * MM/YY and not in the past. None of these functions ever puts the number in an error.
 */
export function normaliseCardNumber(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return null;
  return isLuhnValid(digits) ? digits : null;
}

export function isLuhnValid(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

const BRANDS: [string, (prefix6: number, prefix2: number, prefix4: number) => boolean][] = [
  ['AMEX', (_, p2) => p2 === 34 || p2 === 37],
  ['VISA', (_, p2) => Math.floor(p2 / 10) === 4],
  ['MASTERCARD', (_, p2, p4) => (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)],
  ['DISCOVER', (p6, p2, p4) => p4 === 6011 || p2 === 65 || (p6 >= 644000 && p6 <= 649999)],
  ['JCB', (_, __, p4) => p4 >= 3528 && p4 <= 3589],
  ['DINERS', (p6, p2) => p2 === 36 || p2 === 38 || (p6 >= 300000 && p6 <= 305999)],
  ['UNIONPAY', (_, p2) => p2 === 62],
  ['MAESTRO', (_, p2) => p2 === 50 || (p2 >= 56 && p2 <= 69)],
];

/** The brand by its issuer prefix; UNKNOWN when no prefix matches. */
export function cardBrand(digits: string): string {
  const p6 = Number(digits.slice(0, 6));
  const p4 = Number(digits.slice(0, 4));
  const p2 = Number(digits.slice(0, 2));
  return BRANDS.find(([, matches]) => matches(p6, p2, p4))?.[0] ?? 'UNKNOWN';
}

/**
 * "MM/YY" (spaces around the slash tolerated), normalised; null when malformed or in
 * the past. A card is valid through the last day of its expiry month (UTC).
 */
export function normaliseExpiry(raw: string, now: Date): string | null {
  const match = /^\s*(0[1-9]|1[0-2])\s*\/\s*(\d{2})\s*$/.exec(raw);
  if (!match) return null;
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  const firstDayAfter = Date.UTC(year, month, 1);
  if (firstDayAfter <= now.getTime()) return null;
  return `${match[1]}/${match[2]}`;
}

/** What may be shown of a card number: the last 4 digits only. */
export function maskCardNumber(last4: string | null): string | null {
  return last4 ? `**** **** **** ${last4}` : null;
}
