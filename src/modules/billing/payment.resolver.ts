import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, Args } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { pageArgs, PageArguments } from '../../paging/pagination';
import { Subscriber } from '../subscriber/subscriber.type';
import { Payment, PaymentConnection } from './payment.type';
import { PaymentInput } from './payment.inputs';
import { PaymentService } from './payment.service';
import { paymentPages, PAYMENT_ORDER } from './payment.loaders';

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
    @Args() { first, after }: PageArguments,
  ): Promise<PaymentConnection> {
    return paymentPages(ctx, pageArgs({ first, after }, PAYMENT_ORDER, ctx.pageLimit)).load(subscriber.id);
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
