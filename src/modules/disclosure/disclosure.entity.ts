import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DisclosureBasis, StoredStatus } from '../../access/disclosure';

/** A disclosure exception (COMPLIANCE). `categories` is a MySQL SET, read as "A,B". */
@Entity({ name: 'disclosure_exceptions' })
export class DisclosureExceptionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ type: 'enum', enum: DisclosureBasis })
  basis: DisclosureBasis;

  @Column({ type: 'varchar', length: 200 })
  reference: string;

  @Column({ type: 'text' })
  justification: string;

  @Column({ type: 'varchar', length: 100 })
  categories: string;

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
