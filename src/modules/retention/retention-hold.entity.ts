import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';

export enum HoldReason {
  /** Policy: "unless we are under a legal obligation to retain it" — the purge keeps everything. */
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
  /** Policy: "may retain your contact and billing information" — the purge erases the rest. */
  ACCOUNTING_IRREGULARITY = 'ACCOUNTING_IRREGULARITY',
}

/** A retention hold on a subscriber; active while `releasedAt` is null. */
@Index('idx_holds_subscriber', ['subscriberId', 'releasedAt'])
@Entity({ name: 'retention_holds' })
export class RetentionHoldEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_holds_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ type: 'enum', enum: HoldReason })
  reason: HoldReason;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'placed_by', type: 'varchar', length: 64 })
  placedBy: string;

  @Column({ name: 'placed_at', type: 'datetime', precision: 3 })
  placedAt: Date;

  @Column({ name: 'released_by', type: 'varchar', length: 64, nullable: true })
  releasedBy: string | null;

  @Column({ name: 'released_at', type: 'datetime', precision: 3, nullable: true })
  releasedAt: Date | null;
}
