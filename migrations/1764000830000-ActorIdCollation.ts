import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Actor ids are opaque and case-sensitive (docs/design.md section 2, "Actor ids"): every
 * column holding one compares byte for byte (utf8mb4_bin), so that the access log's
 * `actorId` filter, the verification scope of SUPPORT and BILLING and any other SQL
 * comparison agree with the four-eyes check in code on who someone is. Under the
 * tables' utf8mb4_unicode_ci, "officer-1", "OFFICER-1" and "officer-1 " were one value.
 * The indexes on these columns are rebuilt with the new collation.
 */
export const ACTOR_COLUMNS: readonly { table: string; column: string; nullable: boolean }[] = [
  { table: 'access_log', column: 'actor_id', nullable: false },
  { table: 'support_tickets', column: 'opened_by', nullable: false },
  { table: 'ticket_messages', column: 'author_id', nullable: false },
  { table: 'identity_verifications', column: 'verified_by', nullable: false },
  { table: 'identity_verifications', column: 'granted_to', nullable: false },
  { table: 'disclosure_exceptions', column: 'requested_by', nullable: false },
  { table: 'disclosure_exceptions', column: 'approved_by', nullable: true },
  { table: 'disclosure_exceptions', column: 'reviewed_by', nullable: true },
  { table: 'disclosure_exceptions', column: 'ended_by', nullable: true },
  { table: 'retention_holds', column: 'placed_by', nullable: false },
  { table: 'retention_holds', column: 'released_by', nullable: true },
  { table: 'policy_versions', column: 'posted_by', nullable: true },
];

function alterStatements(collation: string): string[] {
  const byTable = new Map<string, string[]>();
  for (const { table, column, nullable } of ACTOR_COLUMNS) {
    const change = `MODIFY ${column} VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ${collation} ${nullable ? 'NULL' : 'NOT NULL'}`;
    byTable.set(table, [...(byTable.get(table) ?? []), change]);
  }
  return [...byTable].map(([table, changes]) => `ALTER TABLE ${table} ${changes.join(', ')}`);
}

export class ActorIdCollation1764000830000 implements MigrationInterface {
  name = 'ActorIdCollation1764000830000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of alterStatements('utf8mb4_bin')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of alterStatements('utf8mb4_unicode_ci')) await q.query(statement);
  }
}
