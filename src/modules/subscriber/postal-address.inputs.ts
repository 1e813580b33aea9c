import { Field, InputType } from 'type-graphql';

@InputType()
export class PostalAddressInput {
  @Field()
  line1: string;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field()
  city: string;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field()
  postalCode: string;

  @Field({ description: 'ISO 3166-1 alpha-2, any case' })
  country: string;
}
