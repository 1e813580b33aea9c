import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `npm run migration:generate` compares the entities with the database. For a generated
 * column, TypeORM does not trust information_schema's spelling of the expression: it reads
 * the expression from its own table `typeorm_metadata` (which it creates when it builds a
 * schema itself, as this project never lets it do). Without the table and its row the
 * comparison fails on `sessions.started_day` (migrations/…-ReportingIndexes); with them,
 * spelt as in SessionSchemaEntity, a migrated database compares equal to the entities.
 * The row names the database (TypeORM's `schema` column for MariaDB): a database restored
 * under another name needs `UPDATE typeorm_metadata SET \`schema\` = DATABASE()`.
 * Nothing else reads or writes this table.
 */
export class SchemaMetadata1764001200000 implements MigrationInterface {
  name = 'SchemaMetadata1764001200000';

  async up(q: QueryRunner): Promise<void> {
    // The layout of TypeORM's RdbmsSchemaBuilder.createTypeormMetadataTable.
    await q.query(`
      CREATE TABLE IF NOT EXISTS typeorm_metadata (
        \`type\` VARCHAR(255) NOT NULL,
        \`database\` VARCHAR(255) NULL,
        \`schema\` VARCHAR(255) NULL,
        \`table\` VARCHAR(255) NULL,
        \`name\` VARCHAR(255) NULL,
        \`value\` TEXT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(
      `DELETE FROM typeorm_metadata WHERE \`type\` = 'GENERATED_COLUMN' AND \`table\` = 'sessions' AND \`name\` = 'started_day'`,
    );
    await q.query(
      `INSERT INTO typeorm_metadata (\`type\`, \`database\`, \`schema\`, \`table\`, \`name\`, \`value\`)
       VALUES ('GENERATED_COLUMN', NULL, DATABASE(), 'sessions', 'started_day', 'CAST(started_at AS DATE)')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS typeorm_metadata');
  }
}
