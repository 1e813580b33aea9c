import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One posted version of the privacy policy; version 1 is stored by a migration. */
@Index('idx_policy_versions_effective', ['effectiveAt', 'version'])
@Entity({ name: 'policy_versions' })
export class PolicyVersionEntity {
  @PrimaryColumn({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'mediumtext' })
  body: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  summary: string | null;

  @Column({ name: 'posted_by', type: 'varchar', length: 64, nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'datetime', precision: 3 })
  postedAt: Date;

  @Column({ name: 'effective_at', type: 'datetime', precision: 3 })
  effectiveAt: Date;
}
