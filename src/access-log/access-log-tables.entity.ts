import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Role } from '../auth/roles';
import { DataCategory } from '../access/categories';
import { AccessBasis } from '../access/basis';

/**
 * The two tables the access log is stored in (docs/access-log.md, "How entries are stored").
 * The server writes them with its own SQL (access-log-insert.ts) and reads the log through
 * the view AccessLogEntity; these entities describe them for the schema comparison.
 */

/** What consecutive entries of one append share; its id is its first entry's id. */
@Index('idx_access_log_groups_actor', ['actorId', 'id'])
@Entity({ name: 'access_log_groups' })
export class AccessLogGroupEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  /** Compared byte for byte (docs/design.md section 2, "Actor ids"). */
  @Column({ name: 'actor_id', type: 'varchar', length: 64, charset: 'utf8mb4', collation: 'utf8mb4_bin' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'enum', enum: Role })
  actorRole: Role;

  @Column({ type: 'enum', enum: DataCategory })
  category: DataCategory;

  /** JSON array of field names, e.g. ["billing.cardLast4","payments"]. */
  @Column({ type: 'text' })
  fields: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  operation: string | null;

  @Column({ name: 'key_id', type: 'varchar', length: 32, nullable: true })
  keyId: string | null;
}

/** One entry: whose data, on what basis, and its place in the chain. */
@Index('idx_access_log_subscriber', ['subscriberId', 'id'])
@Index('idx_access_log_entries_group', ['groupId'])
@Entity({ name: 'access_log_entries' })
export class AccessLogEntryRowEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'group_id', type: 'bigint', unsigned: true })
  groupId: string;

  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true, nullable: true })
  subscriberId: string | null;

  @Column({ type: 'enum', enum: AccessBasis })
  basis: AccessBasis;

  @Column({ name: 'disclosure_exception_id', type: 'bigint', unsigned: true, nullable: true })
  disclosureExceptionId: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
