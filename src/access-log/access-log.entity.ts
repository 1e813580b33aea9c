import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Role } from '../auth/roles';
import { DataCategory } from '../access/categories';
import { AccessBasis } from '../access/basis';

/** One access-log entry. Rows are only ever inserted; the API has no way to change one. */
@Index('idx_access_log_subscriber', ['subscriberId', 'id'])
@Index('idx_access_log_actor', ['actorId', 'id'])
@Entity({ name: 'access_log' })
export class AccessLogEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @Column({ name: 'actor_role', type: 'enum', enum: Role })
  actorRole: Role;

  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true, nullable: true })
  subscriberId: string | null;

  @Column({ type: 'enum', enum: DataCategory })
  category: DataCategory;

  /** JSON array of field names, e.g. ["billing.cardLast4","payments"]. */
  @Column({ type: 'text' })
  fields: string;

  @Column({ type: 'enum', enum: AccessBasis })
  basis: AccessBasis;

  @Column({ name: 'disclosure_exception_id', type: 'bigint', unsigned: true, nullable: true })
  disclosureExceptionId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  operation: string | null;

  /** The ACCESS_LOG_KEY its hash was keyed with; null: a plain sha-256 entry written before keying. */
  @Column({ name: 'key_id', type: 'varchar', length: 32, nullable: true })
  keyId: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
