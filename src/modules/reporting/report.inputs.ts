import { ArgsType, Field } from 'type-graphql';
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

/**
 * The buckets of a report and their boundaries (docs/design.md section 5, "Against
 * differencing"): a range must start and end on a boundary of its report's own buckets,
 * so that two answers can never differ by less than one whole bucket. Were any instant
 * allowed, two ranges one millisecond apart would isolate the one payment, sign-up or
 * cancellation made in that millisecond, however large the bucket it falls in.
 */
export type BucketSize = 'day' | 'month';

const isMidnightUtc = (date: Date) => date.getTime() % DAY_MS === 0;
const isFirstOfMonthUtc = (date: Date) => isMidnightUtc(date) && date.getUTCDate() === 1;

const BOUNDARY: Record<BucketSize, { holds: (date: Date) => boolean; says: string }> = {
  day: { holds: isMidnightUtc, says: 'must be a day boundary: midnight UTC (e.g. 2026-03-15T00:00:00Z)' },
  month: {
    holds: isFirstOfMonthUtc,
    says: 'must be a month boundary: the first of a month, 00:00 UTC (e.g. 2026-03-01T00:00:00Z)',
  },
};

/** The optional [from, to) arguments of the monthly reports. */
@ArgsType()
export class OptionalRangeArgs {
  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}

const optionalRange = z.object({ from: dateTime.nullish(), to: dateTime.nullish() });

/**
 * An optional [from, to) range on the boundaries of `size` buckets; `from` must come
 * before `to` when both are given. Anything else is BAD_USER_INPUT / INVALID_INPUT
 * naming the argument.
 */
export function parseBucketRange(
  size: BucketSize,
  from: Date | null | undefined,
  to: Date | null | undefined,
): TimeRange {
  const values = parseInput(optionalRange, { from, to }, '');
  const range = { from: values.from ?? null, to: values.to ?? null };
  for (const name of ['from', 'to'] as const) {
    const value = range[name];
    if (value && !BOUNDARY[size].holds(value)) throw new BadInputError(name, BOUNDARY[size].says);
  }
  if (range.from && range.to && range.from.getTime() >= range.to.getTime()) {
    throw new BadInputError('from', 'must be before to');
  }
  return range;
}

/** The [from, to) range of `sessionsByDay`: both ends, on day boundaries, at most MAX_SESSION_RANGE_DAYS long. */
export function parseSessionRange(from: Date, to: Date): { from: Date; to: Date } {
  const range = parseBucketRange('day', from, to);
  if (!range.from) throw new BadInputError('from', 'is required');
  if (!range.to) throw new BadInputError('to', 'is required');
  if (range.to.getTime() - range.from.getTime() > MAX_SESSION_RANGE_DAYS * DAY_MS) {
    throw new BadInputError('to', `must be at most ${MAX_SESSION_RANGE_DAYS} days after from`);
  }
  return { from: range.from, to: range.to };
}
