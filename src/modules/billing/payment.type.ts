import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import { connectionTypes } from '../../paging/connection';
import { PaymentRow, PaymentStatus } from './payment.entity';

registerEnumType(PaymentStatus, { name: 'PaymentStatus' });

/**
 * A payment. Every field but the id is BILLING, so the billing gate decides on each row
 * wherever a payment is reached, the read-back of `recordPayment` included.
 */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.BILLING)
export class Payment {
  @Field(() => ID)
  @Category(DataCategory.IDENTIFIER)
  id: string;

  subscriberId: string;

  @Field(() => Int)
  @Category(DataCategory.BILLING)
  amountCents: number;

  @Field({ description: 'ISO 4217' })
  @Category(DataCategory.BILLING)
  currency: string;

  @Field(() => PaymentStatus)
  @Category(DataCategory.BILLING)
  status: PaymentStatus;

  @Field()
  @Category(DataCategory.BILLING)
  paidAt: Date;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.BILLING)
  cardLast4: string | null;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.BILLING)
  invoiceNumber: string | null;
}

const types = connectionTypes(Payment, 'Payment');
export const PaymentEdge = types.Edge;
export const PaymentConnection = types.Connection;
export type PaymentConnection = InstanceType<typeof PaymentConnection>;

export function toPayment(row: PaymentRow): Payment {
  return Object.assign(new Payment(), {
    id: String(row.id),
    subscriberId: String(row.subscriberId),
    amountCents: Number(row.amountCents),
    currency: String(row.currency),
    status: row.status,
    paidAt: row.paidAt,
    cardLast4: row.cardLast4 ?? null,
    invoiceNumber: row.invoiceNumber ?? null,
  });
}
