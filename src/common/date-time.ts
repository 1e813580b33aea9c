import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/**
 * graphql-scalars' DateTime, serialised to its ISO-8601 text at execution instead of as a
 * Date that JSON.stringify converts later: the text a client receives is the same, but a
 * result holding Date objects (a dashboard page has ~430) drops JSON.stringify off V8's
 * fast path, which made serialising the page four times slower (docs/performance.md,
 * "Fourth round"). Parsing of inputs is graphql-scalars' own.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  ...DateTimeResolver.toConfig(),
  serialize: (value) => isoText(DateTimeResolver.serialize(value) as Date),
});

const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years written with four digits. */
const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;

/**
 * The text `Date.prototype.toISOString` gives (`2026-01-02T03:04:05.678Z`), computed in
 * JavaScript: V8's builtin leaves the compiled code for a runtime call and took 2.5 times as
 * long, ~0.3 ms a dashboard page. Days to a civil date by H. Hinnant's algorithm
 * ("chrono-compatible low-level date algorithms"); years outside 0–9999 go to the builtin.
 * The 24 characters are made in one call from their codes: joined from parts, each date
 * left about ten intermediate strings behind, 176 kB of garbage a dashboard page, the most
 * of any function, and came out as a lazy chain of parts (V8 joins strings of 13 or more
 * characters so) that JSON.stringify then walked at half the speed of a flat string
 * (docs/performance.md, "Ninth round").
 */
export function isoText(date: Date): string {
  const ms = date.getTime();
  if (!(ms >= FIRST_MS && ms <= LAST_MS)) return date.toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const shifted = days + 719_468; // days since 0000-03-01
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const century = Math.floor(year / 100);
  const yearOfCentury = year - century * 100;
  const centiseconds = Math.floor(millis / 10);
  // prettier-ignore
  return String.fromCharCode(
    tens(century), ones(century), tens(yearOfCentury), ones(yearOfCentury), DASH,
    tens(month), ones(month), DASH, tens(day), ones(day), LETTER_T,
    tens(hours), ones(hours), COLON, tens(minutes), ones(minutes), COLON,
    tens(seconds), ones(seconds), DOT,
    tens(centiseconds), ones(centiseconds), ones(millis), LETTER_Z,
  );
}

const ZERO = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const LETTER_T = 84;
const LETTER_Z = 90;
/** The character codes of the tens and ones digits of a number below 100 (ones of any). */
const tens = (n: number) => ZERO + Math.floor(n / 10);
const ones = (n: number) => ZERO + (n % 10);
