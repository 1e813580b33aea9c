import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { AccountStatus } from '../../access/account-status';
import { PostalAddressInput } from './postal-address.inputs';
import { email, phone, postalAddress, text } from '../../common/validation';

@InputType()
export class CreateSubscriberInput {
  @Field()
  name: string;

  @Field()
  email: string;

  @Field(() => String, { nullable: true, description: 'Any common format; stored as E.164' })
  phone?: string | null;

  @Field(() => PostalAddressInput, { nullable: true })
  address?: PostalAddressInput | null;

  @Field(() => Boolean, { nullable: true, description: 'The sign-up choice; opted in when omitted' })
  marketingMailings?: boolean | null;
}

export const createSubscriberSchema = z.object({
  name: text(200),
  email,
  phone: phone.nullish().transform((v) => v ?? null),
  address: postalAddress.nullish().transform((v) => v ?? null),
  marketingMailings: z.boolean().nullish(),
});
export type CreateSubscriberValues = z.infer<typeof createSubscriberSchema>;

@InputType()
export class SubscriberFilter {
  @Field(() => AccountStatus, { nullable: true })
  status?: AccountStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'A name or e-mail prefix, or an exact account number',
  })
  search?: string | null;
}

export const subscriberFilterSchema = z
  .object({
    status: z.enum(AccountStatus).nullish(),
    search: z.string().trim().max(254, 'must be at most 254 characters').nullish(),
  })
  .nullish();
