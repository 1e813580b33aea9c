import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { pageArgs } from '../../paging/pagination';
import { Subscriber } from '../subscriber/subscriber.type';
import { Payment, PaymentConnection } from './payment.type';
import { PaymentInput } from './payment.inputs';
import { PaymentService } from './payment.service';
import { paymentPages } from './payment.loaders';

@Resolver(() => Subscriber)
export class SubscriberPaymentsResolver {
  @FieldResolver(() => PaymentConnection, {
    nullable: true,
    description: 'Newest first; behind the billing gate',
  })
  @Category(DataCategory.BILLING)
  payments(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<PaymentConnection> {
    return paymentPages(ctx, pageArgs(first, after, 2, ctx.pageLimit)).load(subscriber.id);
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @Mutation(() => Payment, { description: 'Record a payment; reading it back passes the billing gate' })
  recordPayment(
    @Arg('input', () => PaymentInput) input: PaymentInput,
    @Ctx() ctx: AppContext,
  ): Promise<Payment> {
    return new PaymentService(ctx).record(input);
  }
}
