import { z } from 'zod';
import { clock, MINUTE_MS } from '../../common/clock';
import { dateTime, id, optionalText } from '../../common/validation';
import { PaymentStatus } from './payment.entity';
import { Field, ID, InputType, Int } from 'type-graphql';

const currencies = new Set(Intl.supportedValuesOf('currency'));

export const paymentSchema = z.object({
  subscriberId: id,
  amountCents: z
    .number()
    .int('must be a whole number of cents')
    .min(1, 'must be at least 1 cent')
    .max(100_000_000, 'must be at most 1 000 000.00'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => currencies.has(v), 'must be an ISO 4217 currency code'),
  status: z.enum(PaymentStatus),
  // A payment is recorded after it happened; a few minutes of clock skew are tolerated.
  paidAt: dateTime.refine(
    (d) => d.getTime() <= clock.now().getTime() + 5 * MINUTE_MS,
    'must not be in the future',
  ),
  invoiceNumber: optionalText(64),
});

@InputType()
export class PaymentInput {
  @Field(() => ID)
  subscriberId: string;

  @Field(() => Int)
  amountCents: number;

  @Field({ description: 'ISO 4217, e.g. EUR' })
  currency: string;

  @Field(() => PaymentStatus)
  status: PaymentStatus;

  @Field()
  paidAt: Date;

  @Field(() => String, { nullable: true })
  invoiceNumber?: string | null;
}
