import { Field, ObjectType } from 'type-graphql';
import { AccessBasis } from '../../access/basis';
import { Category, DataCategory } from '../../access/categories';
import { PostalAddress, toPostalAddress } from '../subscriber/postal-address.type';
import { maskCardNumber } from './card';
import type { BillingProfileRow } from './billing-profile.entity';

/**
 * A subscriber's billing profile (BILLING): every field passes the billing gate per row.
 * There is no field for the whole card number and none for a CVV.
 */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.BILLING)
export class BillingProfile {
  /** Not served: the row id for the rule cache, and the owner for the access rules. */
  id: string;
  subscriberId: string;

  @Field(() => PostalAddress, { nullable: true })
  @Category(DataCategory.BILLING)
  billingAddress: PostalAddress | null;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.BILLING)
  cardBrand: string | null;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.BILLING)
  cardLast4: string | null;

  @Field(() => String, { nullable: true, description: 'MM/YY' })
  @Category(DataCategory.BILLING)
  cardExpiry: string | null;

  @Field(() => String, { nullable: true, description: 'The last 4 digits only, e.g. "**** **** **** 4242"' })
  @Category(DataCategory.BILLING)
  maskedCardNumber: string | null;
}

/** `Subscriber.billingAccess`: the billing gate's answer for this viewer, as data. */
@ObjectType({ simpleResolvers: true })
@Category(DataCategory.IDENTIFIER)
export class AccessDecision {
  @Field()
  @Category(DataCategory.IDENTIFIER)
  granted: boolean;

  @Field(() => AccessBasis, { nullable: true })
  @Category(DataCategory.IDENTIFIER)
  basis: AccessBasis | null;

  @Field(() => String, { nullable: true, description: 'The denial reason, e.g. ID_VERIFICATION_REQUIRED' })
  @Category(DataCategory.IDENTIFIER)
  reason: string | null;

  @Field(() => Date, { nullable: true, description: 'Until when the basis holds' })
  @Category(DataCategory.IDENTIFIER)
  validUntil: Date | null;
}

export function toBillingProfile(row: BillingProfileRow): BillingProfile {
  return Object.assign(new BillingProfile(), {
    id: String(row.subscriberId),
    subscriberId: String(row.subscriberId),
    billingAddress: toPostalAddress(row.address),
    cardBrand: row.cardBrand ?? null,
    cardLast4: row.cardLast4 ?? null,
    cardExpiry: row.cardExpiry ?? null,
    maskedCardNumber: maskCardNumber(row.cardLast4 ?? null),
  });
}
