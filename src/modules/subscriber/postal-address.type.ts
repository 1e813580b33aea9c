import { Field, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';

/** A postal address: CONTACT wherever it hangs (subscriber, billing profile). */
@ObjectType()
@Category(DataCategory.CONTACT)
export class PostalAddress {
  @Field()
  @Category(DataCategory.CONTACT)
  line1: string;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.CONTACT)
  line2: string | null;

  @Field()
  @Category(DataCategory.CONTACT)
  city: string;

  @Field(() => String, { nullable: true })
  @Category(DataCategory.CONTACT)
  region: string | null;

  @Field()
  @Category(DataCategory.CONTACT)
  postalCode: string;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  @Category(DataCategory.CONTACT)
  country: string;
}
