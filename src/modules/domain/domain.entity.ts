import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';

/** A domain registered through KacMac; registrant fields are cleared by the purge. */
@Index('uq_domains_domain', ['domain'], { unique: true })
@Index('idx_domains_subscriber', ['subscriberId', 'id'])
@Entity({ name: 'domain_registrations' })
export class DomainRegistrationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_domains_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  /** ASCII (punycode) form, lower case; unique. */
  @Column({ type: 'varchar', length: 253 })
  domain: string;

  @Column({ name: 'registrant_name', type: 'varchar', length: 200, nullable: true })
  registrantName: string | null;

  @Column({ name: 'registrant_organization', type: 'varchar', length: 200, nullable: true })
  registrantOrganization: string | null;

  @Column({ name: 'registrant_email', type: 'varchar', length: 254, nullable: true })
  registrantEmail: string | null;

  @Column({ name: 'registered_at', type: 'datetime', precision: 3 })
  registeredAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;
}
