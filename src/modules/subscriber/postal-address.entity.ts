import { Column } from 'typeorm';
import type { PostalAddressValue } from '../../common/validation';

/**
 * The address columns of `subscribers` and `billing_profiles` (address_line1 …
 * address_country), embedded in both entities as `address` with their full column names.
 */
export class PostalAddressColumns {
  @Column({ name: 'address_line1', type: 'varchar', length: 200, nullable: true })
  line1: string | null;

  @Column({ name: 'address_line2', type: 'varchar', length: 200, nullable: true })
  line2: string | null;

  @Column({ name: 'address_city', type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ name: 'address_region', type: 'varchar', length: 100, nullable: true })
  region: string | null;

  @Column({ name: 'address_postal_code', type: 'varchar', length: 20, nullable: true })
  postalCode: string | null;

  @Column({ name: 'address_country', type: 'char', length: 2, nullable: true })
  country: string | null;
}

/** The address columns' names, in table order. */
export const ADDRESS_COLUMN_NAMES = [
  'address_line1',
  'address_line2',
  'address_city',
  'address_region',
  'address_postal_code',
  'address_country',
] as const;

/** The columns of a validated address; none given clears them all. */
export function toAddressColumns(address: PostalAddressValue | null | undefined): PostalAddressColumns {
  return Object.assign(new PostalAddressColumns(), {
    line1: address?.line1 ?? null,
    line2: address?.line2 ?? null,
    city: address?.city ?? null,
    region: address?.region ?? null,
    postalCode: address?.postalCode ?? null,
    country: address?.country ?? null,
  });
}
