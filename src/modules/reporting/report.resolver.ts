import { Arg, Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import type { AppContext } from '../../context';
import { AGGREGATE, Category } from '../../access/categories';
import { CountBucket, Report } from './report.type';
import { ReportService } from './report.service';
import { parseOptionalRange, parseSessionRange } from './report.inputs';

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

  @FieldResolver(() => [CountBucket], { description: 'By month of sign-up, in [from, to)' })
  @Category(AGGREGATE)
  signupsByMonth(
    @Ctx() ctx: AppContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<CountBucket[]> {
    return new ReportService(ctx).signupsByMonth(parseOptionalRange(from, to));
  }

  @FieldResolver(() => [CountBucket], { description: 'By month of cancellation, in [from, to)' })
  @Category(AGGREGATE)
  cancellationsByMonth(
    @Ctx() ctx: AppContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<CountBucket[]> {
    return new ReportService(ctx).cancellationsByMonth(parseOptionalRange(from, to));
  }

  @FieldResolver(() => [CountBucket], {
    description: 'SUCCEEDED minus REFUNDED payments, in cents, by month of payment, in [from, to)',
  })
  @Category(AGGREGATE)
  revenueCentsByMonth(
    @Ctx() ctx: AppContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<CountBucket[]> {
    return new ReportService(ctx).revenueCentsByMonth(parseOptionalRange(from, to));
  }

  @FieldResolver(() => [CountBucket], {
    description: 'Sessions started per day in [from, to); at most 366 days',
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

  @FieldResolver(() => [CountBucket])
  @Category(AGGREGATE)
  inquiriesByProduct(@Ctx() ctx: AppContext): Promise<CountBucket[]> {
    return new ReportService(ctx).inquiriesByProduct();
  }
}
