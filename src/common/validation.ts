import { z } from 'zod';
import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js';
import { BadInputError } from './errors';

/**
 * Input as people type it, normalised (docs/design.md section 2, last paragraph): e-mail
 * trimmed and lower-cased, phone numbers in any common format stored as E.164,
 * country codes ISO 3166-1 alpha-2. Errors name the field, never echo the value.
 */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  try {
    return regionNames.of(code) !== code;
  } catch {
    return false;
  }
}

export const countryCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code');

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an e-mail address'));

export function normalisePhone(value: string, defaultCountry?: string): string | null {
  const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode | undefined);
  return parsed && parsed.isValid() ? parsed.number : null;
}

export const phone = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .transform((value, ctx) => {
    const e164 = normalisePhone(value);
    if (!e164) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a phone number with its country code, e.g. +1 415 555 0100',
      });
      return z.NEVER;
    }
    return e164;
  });

export const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const postalAddress = z.object({
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  region: optionalText(100),
  postalCode: text(20),
  country: countryCode,
});
export type PostalAddressValue = z.infer<typeof postalAddress>;

export const id = z.string().regex(/^[1-9][0-9]{0,18}$/, 'must be an id this API handed out');

export const dateTime = z.date({ message: 'must be a date and time' });

/** Parses `value` with `schema`; the first problem becomes BAD_USER_INPUT naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [root, ...issue.path.map(String)].filter(Boolean).join('.');
  throw new BadInputError(path, issue.message);
}
