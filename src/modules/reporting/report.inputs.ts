import { z } from 'zod';
import { DAY_MS } from '../../common/clock';
import { BadInputError } from '../../common/errors';
import { dateTime, parseInput } from '../../common/validation';

/** The longest range `sessionsByDay` answers: a year of days, leap day included. */
export const MAX_SESSION_RANGE_DAYS = 366;

export interface TimeRange {
  from: Date | null;
  to: Date | null;
}

const optionalRange = z.object({ from: dateTime.nullish(), to: dateTime.nullish() });

/** An optional [from, to) range; `from` must come before `to` when both are given. */
export function parseOptionalRange(from: Date | null | undefined, to: Date | null | undefined): TimeRange {
  const values = parseInput(optionalRange, { from, to }, '');
  if (values.from && values.to && values.from.getTime() >= values.to.getTime()) {
    throw new BadInputError('from', 'must be before to');
  }
  return { from: values.from ?? null, to: values.to ?? null };
}

/** The [from, to) range of `sessionsByDay`: both ends, at most MAX_SESSION_RANGE_DAYS long. */
export function parseSessionRange(from: Date, to: Date): { from: Date; to: Date } {
  const range = parseOptionalRange(from, to);
  if (!range.from) throw new BadInputError('from', 'is required');
  if (!range.to) throw new BadInputError('to', 'is required');
  if (range.to.getTime() - range.from.getTime() > MAX_SESSION_RANGE_DAYS * DAY_MS) {
    throw new BadInputError('to', `must be at most ${MAX_SESSION_RANGE_DAYS} days after from`);
  }
  return { from: range.from, to: range.to };
}
