import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { email, phone, postalAddress, text } from '../../common/validation';
import { PostalAddressInput } from './postal-address.inputs';

/** updateContactInfo: only the fields given change; `phone: null` clears the phone. */
@InputType()
export class ContactInfoInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Trimmed and lower-cased; unique across accounts' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Any common format; stored as E.164' })
  phone?: string | null;

  @Field(() => PostalAddressInput, { nullable: true })
  address?: PostalAddressInput | null;
}

export const contactInfoSchema = z
  .object({
    name: text(200).optional(),
    email: email.optional(),
    phone: phone.nullish(),
    address: postalAddress.nullish(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), {
    message: 'must change at least one field',
  });
export type ContactInfoValues = z.infer<typeof contactInfoSchema>;
