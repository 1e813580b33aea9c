import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from '../subscriber/subscriber.entity';

export enum PaymentStatus {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  REFUNDED = 'REFUNDED',
}

/** One payment (BILLING). Amount in integer cents; after the purge only amount, currency, status and date stay. */
@Index('uq_payments_invoice_number', ['invoiceNumber'], { unique: true })
@Index('idx_payments_subscriber_paid', ['subscriberId', 'paidAt', 'id'])
@Index('idx_payments_paid_at', ['paidAt'])
@Index('idx_payments_paid_status_currency', ['paidAt', 'status', 'currency', 'subscriberId', 'amountCents'])
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_payments_subscriber',
    onDelete: 'RESTRICT',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  @Column({ name: 'amount_cents', type: 'int' })
  amountCents: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'enum', enum: PaymentStatus })
  status: PaymentStatus;

  @Column({ name: 'paid_at', type: 'datetime', precision: 3 })
  paidAt: Date;

  @Column({ name: 'card_last4', type: 'char', length: 4, nullable: true })
  cardLast4: string | null;

  @Column({ name: 'invoice_number', type: 'varchar', length: 64, nullable: true })
  invoiceNumber: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A payment as the lists read it: every column the API serves (not when it was recorded). */
export type PaymentRow = Omit<PaymentEntity, 'createdAt'>;
