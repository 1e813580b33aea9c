import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AccountStatus } from '../../access/account-status';
import { PostalAddressColumns } from './postal-address.entity';

/** A subscriber account: IDENTIFIER and CONTACT columns. Contact columns are nulled by the purge. */
@Index('uq_subscribers_account_number', ['accountNumber'], { unique: true })
@Index('uq_subscribers_email', ['email'], { unique: true })
@Index('idx_subscribers_status_id', ['status', 'id'])
@Index('idx_subscribers_name', ['name'])
@Index('idx_subscribers_created_at', ['createdAt'])
@Index('idx_subscribers_cancelled_at', ['status', 'cancelledAt'])
@Index('idx_subscribers_cancelled_at_only', ['cancelledAt'])
@Entity({ name: 'subscribers' })
export class SubscriberEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'account_number', type: 'varchar', length: 16 })
  accountNumber: string;

  @Column({ type: 'enum', enum: AccountStatus, default: AccountStatus.ACTIVE })
  status: AccountStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column(() => PostalAddressColumns, { prefix: false })
  address: PostalAddressColumns;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'cancelled_at', type: 'datetime', precision: 3, nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'purged_at', type: 'datetime', precision: 3, nullable: true })
  purgedAt: Date | null;
}
