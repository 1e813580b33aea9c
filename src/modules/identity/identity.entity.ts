import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';

export enum DocumentType {
  PASSPORT = 'PASSPORT',
  DRIVERS_LICENSE = 'DRIVERS_LICENSE',
  NATIONAL_ID = 'NATIONAL_ID',
  OTHER_GOVERNMENT_ID = 'OTHER_GOVERNMENT_ID',
}

/**
 * That staff checked a copy of a government ID (COMPLIANCE). Neither the image nor the
 * document number is stored; `documentHash` exists for a salted hash, left empty while
 * no client sends a number.
 */
@Index('idx_verifications_subscriber', ['subscriberId', 'validUntil'])
@Index('idx_verifications_granted', ['grantedTo', 'validUntil'])
@Entity({ name: 'identity_verifications' })
export class IdentityVerificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_verifications_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ name: 'document_type', type: 'enum', enum: DocumentType })
  documentType: DocumentType;

  @Column({ name: 'document_hash', type: 'char', length: 64, nullable: true })
  documentHash: string | null;

  @Column({ name: 'verified_by', type: 'varchar', length: 64 })
  verifiedBy: string;

  @Column({ name: 'granted_to', type: 'varchar', length: 64 })
  grantedTo: string;

  @Column({ name: 'verified_at', type: 'datetime', precision: 3 })
  verifiedAt: Date;

  @Column({ name: 'valid_until', type: 'datetime', precision: 3 })
  validUntil: Date;
}

/** A verification as loaders and services hand it on: every column but the document hash. */
export type IdentityVerificationRow = Omit<IdentityVerificationEntity, 'documentHash'>;
