import { Field, ObjectType } from 'type-graphql';
import { Category, DataCategory } from '../../access/categories';
import type { PostalAddressColumns } from './postal-address.entity';

/** A postal address: CONTACT wherever it hangs (subscriber, billing profile). */
@ObjectType({ simpleResolvers: true })
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

/** The address of a row, or null: an address exists when its required parts (line 1, city, postal code, country) do. */
export function toPostalAddress(
  columns: Partial<PostalAddressColumns> | null | undefined,
): PostalAddress | null {
  if (!columns?.line1 || !columns.city || !columns.postalCode || !columns.country) return null;
  return Object.assign(new PostalAddress(), {
    line1: columns.line1,
    line2: columns.line2 ?? null,
    city: columns.city,
    region: columns.region ?? null,
    postalCode: columns.postalCode,
    country: columns.country,
  });
}
