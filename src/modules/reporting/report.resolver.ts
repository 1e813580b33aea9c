import { Arg, Args, Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { AGGREGATE, Category } from '../../access/categories';
import { CountBucket, Report } from './report.type';
import { ReportService } from './report.service';
import { OptionalRangeArgs, parseBucketRange, parseSessionRange } from './report.inputs';

/** `report` and its aggregates. Who may call it: access/operations.ts (ADMIN, REPORTING). */
@Resolver(() => Report)
export class ReportResolver {
  @Query(() => Report, { description: 'Internal reporting: aggregates only' })
  report(): Report {
    return new Report();
  }

  @FieldResolver(() => [CountBucket])
  @Category(AGGREGATE)
  subscribersByStatus(@Ctx() ctx: AppContext): Promise<CountBucket[]> {
    return new ReportService(ctx).subscribersByStatus();
  }

  @FieldResolver(() => [CountBucket], {
    description: 'By month of sign-up, in [from, to); from and to on month boundaries (the 1st, 00:00 UTC)',
  })
  @Category(AGGREGATE)
  signupsByMonth(@Ctx() ctx: AppContext, @Args() { from, to }: OptionalRangeArgs): Promise<CountBucket[]> {
    return new ReportService(ctx).signupsByMonth(parseBucketRange('month', from, to));
  }

  @FieldResolver(() => [CountBucket], {
    description:
      'By month of cancellation, in [from, to); from and to on month boundaries (the 1st, 00:00 UTC)',
  })
  @Category(AGGREGATE)
  cancellationsByMonth(
    @Ctx() ctx: AppContext,
    @Args() { from, to }: OptionalRangeArgs,
  ): Promise<CountBucket[]> {
    return new ReportService(ctx).cancellationsByMonth(parseBucketRange('month', from, to));
  }

  @FieldResolver(() => [CountBucket], {
    description:
      'SUCCEEDED minus REFUNDED payments, in cents, per month of payment and currency (key "YYYY-MM CUR"), in [from, to); from and to on month boundaries',
  })
  @Category(AGGREGATE)
  revenueCentsByMonth(
    @Ctx() ctx: AppContext,
    @Args() { from, to }: OptionalRangeArgs,
  ): Promise<CountBucket[]> {
    return new ReportService(ctx).revenueCentsByMonth(parseBucketRange('month', from, to));
  }

  @FieldResolver(() => [CountBucket], {
    description: 'Sessions started per day in [from, to); from and to at midnight UTC; at most 366 days',
  })
  @Category(AGGREGATE)
  sessionsByDay(
    @Ctx() ctx: AppContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
  ): Promise<CountBucket[]> {
    return new ReportService(ctx).sessionsByDay(parseSessionRange(from, to));
  }

  @FieldResolver(() => [CountBucket])
  @Category(AGGREGATE)
  ticketsByStatus(@Ctx() ctx: AppContext): Promise<CountBucket[]> {
    return new ReportService(ctx).ticketsByStatus();
  }

  @FieldResolver(() => [CountBucket], {
    description:
      'By ProductCode, in catalogue order; products asked about by too few subscribers are counted under OTHER',
  })
  @Category(AGGREGATE)
  inquiriesByProduct(@Ctx() ctx: AppContext): Promise<CountBucket[]> {
    return new ReportService(ctx).inquiriesByProduct();
  }
}
