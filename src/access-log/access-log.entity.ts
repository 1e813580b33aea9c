import { ViewColumn, ViewEntity } from 'typeorm';
import { Role } from '../auth/roles';
import { DataCategory } from '../access/categories';
import { AccessBasis } from '../access/basis';

/**
 * The view `access_log`: each entry whole, as the log's readers see it, joined from the two
 * tables it is stored in (access-log-tables.entity.ts), entries first (see the migration).
 * Spelt as migrations/…-NarrowAccessLog created it: `npm run migration:generate` compares
 * the two.
 */
export const ACCESS_LOG_VIEW =
  'SELECT e.id AS id, g.at AS at, g.request_id AS request_id, g.actor_id AS actor_id, ' +
  'g.actor_role AS actor_role, e.subscriber_id AS subscriber_id, g.category AS category, ' +
  'g.fields AS fields, e.basis AS basis, e.disclosure_exception_id AS disclosure_exception_id, ' +
  'g.operation AS operation, g.key_id AS key_id, e.prev_hash AS prev_hash, e.hash AS hash, ' +
  'e.group_id AS group_id FROM access_log_entries e STRAIGHT_JOIN access_log_groups g ON g.id = e.group_id';

/** One access-log entry. Entries are only ever appended; the API has no way to change one. */
@ViewEntity({ name: 'access_log', expression: ACCESS_LOG_VIEW })
export class AccessLogEntity {
  @ViewColumn()
  id: string;

  @ViewColumn()
  at: Date;

  @ViewColumn({ name: 'request_id' })
  requestId: string;

  @ViewColumn({ name: 'actor_id' })
  actorId: string;

  @ViewColumn({ name: 'actor_role' })
  actorRole: Role;

  @ViewColumn({ name: 'subscriber_id' })
  subscriberId: string | null;

  @ViewColumn()
  category: DataCategory;

  /** JSON array of field names, e.g. ["billing.cardLast4","payments"]. */
  @ViewColumn()
  fields: string;

  @ViewColumn()
  basis: AccessBasis;

  @ViewColumn({ name: 'disclosure_exception_id' })
  disclosureExceptionId: string | null;

  @ViewColumn()
  operation: string | null;

  /** The ACCESS_LOG_KEY its hash was keyed with; null: a plain sha-256 entry written before keying. */
  @ViewColumn({ name: 'key_id' })
  keyId: string | null;

  @ViewColumn({ name: 'prev_hash' })
  prevHash: string;

  @ViewColumn()
  hash: string;

  /** The id of the group holding what this entry shares with its neighbours (its first entry's id). */
  @ViewColumn({ name: 'group_id' })
  groupId: string;
}
