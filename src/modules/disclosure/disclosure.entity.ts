import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';
import { DataCategory } from '../../access/categories';
import { DisclosureBasis, StoredStatus } from '../../access/disclosure';

/** The members of the `categories` SET, in the order the migration declares them. */
const EXCEPTION_CATEGORIES = [
  DataCategory.IDENTIFIER,
  DataCategory.CONTACT,
  DataCategory.BILLING,
  DataCategory.USAGE,
  DataCategory.SUPPORT,
  DataCategory.MARKETING,
  DataCategory.COMPLIANCE,
];

/** A disclosure exception (COMPLIANCE). `categories` is a SET: TypeORM reads and writes it as a list. */
@Index('idx_exceptions_subscriber', ['subscriberId', 'status', 'validUntil'])
@Index('idx_exceptions_status', ['status', 'id'])
@Entity({ name: 'disclosure_exceptions' })
export class DisclosureExceptionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_exceptions_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ type: 'enum', enum: DisclosureBasis })
  basis: DisclosureBasis;

  @Column({ type: 'varchar', length: 200 })
  reference: string;

  @Column({ type: 'text' })
  justification: string;

  @Column({ type: 'set', enum: EXCEPTION_CATEGORIES })
  categories: DataCategory[];

  @Column({ type: 'enum', enum: ['PENDING', 'ACTIVE', 'REVOKED', 'REJECTED'] })
  status: StoredStatus;

  @Column({ name: 'requested_by', type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 64, nullable: true })
  approvedBy: string | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 64, nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'datetime', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ name: 'ended_by', type: 'varchar', length: 64, nullable: true })
  endedBy: string | null;

  @Column({ name: 'ended_at', type: 'datetime', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'valid_from', type: 'datetime', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ name: 'valid_until', type: 'datetime', precision: 3 })
  validUntil: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
