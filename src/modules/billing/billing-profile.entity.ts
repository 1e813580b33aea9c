import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';

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

  @Column({ name: 'address_line1', type: 'varchar', length: 200, nullable: true })
  addressLine1: string | null;

  @Column({ name: 'address_line2', type: 'varchar', length: 200, nullable: true })
  addressLine2: string | null;

  @Column({ name: 'address_city', type: 'varchar', length: 100, nullable: true })
  addressCity: string | null;

  @Column({ name: 'address_region', type: 'varchar', length: 100, nullable: true })
  addressRegion: string | null;

  @Column({ name: 'address_postal_code', type: 'varchar', length: 20, nullable: true })
  addressPostalCode: string | null;

  @Column({ name: 'address_country', type: 'char', length: 2, nullable: true })
  addressCountry: string | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
