import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, Args } from 'type-graphql';
import type { AppContext } from '../../context';
import { Category, DataCategory } from '../../access/categories';
import { pageArgs, PageArguments } from '../../paging/pagination';
import { toConnection } from '../../paging/connection';
import { Subscriber } from '../subscriber/subscriber.type';
import { Payment, PaymentConnection, toPayment } from './payment.type';
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
  async payments(
    @Root() subscriber: Subscriber,
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArguments,
  ): Promise<PaymentConnection> {
    const page = await paymentPages(ctx, pageArgs({ first, after }, PAYMENT_ORDER, ctx.pageLimit)).load(
      subscriber.id,
    );
    return toConnection(PaymentConnection, page, toPayment);
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @Mutation(() => Payment, { description: 'Record a payment; reading it back passes the billing gate' })
  async recordPayment(
    @Arg('input', () => PaymentInput) input: PaymentInput,
    @Ctx() ctx: AppContext,
  ): Promise<Payment> {
    return toPayment(await new PaymentService(ctx).record(input));
  }
}
