import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A usage session: when the subscriber was online and from which address (USAGE). The
 * table's generated `started_day` and its index are described by SessionSchemaEntity
 * (session-schema.entity.ts), for the schema comparison only.
 */
@Index('idx_sessions_subscriber_started', ['subscriberId', 'startedAt', 'id'])
@Index('idx_sessions_started', ['startedAt'])
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true })
  subscriberId: string;

  /** Part of the primary key because the table is partitioned by it (migrations/…-PartitionSessions). */
  @PrimaryColumn({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'datetime', precision: 3, nullable: true })
  endedAt: Date | null;

  /** An IPv4 or IPv6 address; after the purge, its /24 or /48 network. */
  @Column({ name: 'ip_address', type: 'varchar', length: 49 })
  ipAddress: string;
}
