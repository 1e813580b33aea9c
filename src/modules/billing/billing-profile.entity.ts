import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';
import { PostalAddressColumns } from '../subscriber/postal-address.entity';

/**
 * One billing profile per subscriber (BILLING). The card number exists only as
 * AES-256-GCM ciphertext under `cardKeyId`; brand, last 4 and expiry are kept in clear.
 */
@Entity({ name: 'billing_profiles' })
export class BillingProfileEntity {
  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_billing_profiles_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @PrimaryColumn({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ name: 'card_brand', type: 'varchar', length: 20, nullable: true })
  cardBrand: string | null;

  @Column({ name: 'card_last4', type: 'char', length: 4, nullable: true })
  cardLast4: string | null;

  @Column({ name: 'card_expiry', type: 'char', length: 5, nullable: true })
  cardExpiry: string | null;

  @Column({ name: 'card_ciphertext', type: 'varchar', length: 512, nullable: true })
  cardCiphertext: string | null;

  @Column({ name: 'card_key_id', type: 'varchar', length: 32, nullable: true })
  cardKeyId: string | null;

  @Column(() => PostalAddressColumns, { prefix: false })
  address: PostalAddressColumns;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** A billing profile as loaders and services hand it on: never the card ciphertext or its key id. */
export type BillingProfileRow = Pick<
  BillingProfileEntity,
  'subscriberId' | 'cardBrand' | 'cardLast4' | 'cardExpiry' | 'address'
>;
