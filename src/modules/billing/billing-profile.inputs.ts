import { z } from 'zod';
import { BadInputError, Reason } from '../../common/errors';
import { id, parseInput, postalAddress, PostalAddressValue } from '../../common/validation';
import { cardBrand, normaliseCardNumber, normaliseExpiry } from './card';
import { Field, InputType } from 'type-graphql';
import { PostalAddressInput } from '../subscriber/postal-address.inputs';

const billingInfoSchema = z.object({
  cardNumber: z.string().max(40, 'must be at most 40 characters'),
  cardExpiry: z.string().max(10, 'must be MM/YY'),
  billingAddress: postalAddress.nullish().transform((v) => v ?? null),
});

export interface BillingInfoValues {
  subscriberId: string;
  digits: string;
  brand: string;
  last4: string;
  expiry: string;
  billingAddress: PostalAddressValue | null;
}

/** Checks and normalises updateBillingInfo's arguments; errors name the field, never the value. */
export function parseBillingInfo(subscriberId: string, input: unknown, now: Date): BillingInfoValues {
  const checkedId = parseInput(id, subscriberId, 'subscriberId');
  const values = parseInput(billingInfoSchema, input);
  const digits = normaliseCardNumber(values.cardNumber);
  if (!digits) {
    throw new BadInputError(
      'input.cardNumber',
      'must be 12 to 19 digits (spaces and dashes allowed) with a valid check digit',
      Reason.INVALID_CARD_NUMBER,
    );
  }
  const expiry = normaliseExpiry(values.cardExpiry, now);
  if (!expiry) {
    throw new BadInputError('input.cardExpiry', 'must be MM/YY and not in the past', Reason.INVALID_EXPIRY);
  }
  return {
    subscriberId: checkedId,
    digits,
    brand: cardBrand(digits),
    last4: digits.slice(-4),
    expiry,
    billingAddress: values.billingAddress,
  };
}

@InputType()
export class BillingInfoInput {
  @Field({ description: 'Spaces and dashes allowed; checked (length, Luhn), stored encrypted' })
  cardNumber: string;

  @Field({ description: 'MM/YY, not in the past' })
  cardExpiry: string;

  @Field(() => PostalAddressInput, { nullable: true })
  billingAddress?: PostalAddressInput | null;
}
