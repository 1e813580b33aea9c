/**
 * The one source of "now" for business rules (verification validity, exception expiry,
 * retention, policy notice), so that tests move time instead of waiting for it.
 */
let offsetMs = 0;
let frozenAt: number | null = null;

export const clock = {
  now(): Date {
    return new Date((frozenAt ?? Date.now()) + offsetMs);
  },
  /** Test helper: move every later `now()` by `ms`. */
  advance(ms: number): void {
    offsetMs += ms;
  },
  /** Test helper: stop time at `at`. */
  freeze(at: Date): void {
    frozenAt = at.getTime();
    offsetMs = 0;
  },
  reset(): void {
    offsetMs = 0;
    frozenAt = null;
  },
};

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function addMonthsUtc(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
