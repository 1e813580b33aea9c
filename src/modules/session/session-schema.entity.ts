import { Column, Entity, Index } from 'typeorm';
import { SessionEntity } from './session.entity';

/**
 * The sessions table whole, for `npm run migration:generate` only (src/entities.ts,
 * `schemaEntities`): SessionEntity plus the generated `started_day`, the UTC day of
 * `started_at` that the reports' per-day index leads with (migrations/…-ReportingIndexes).
 * The server's SessionEntity leaves the column out: TypeORM re-reads every generated column
 * after an insert, which would add a SELECT to each session recorded, for a value nothing
 * reads through the entity.
 * TypeORM reads the expression of a generated column from `typeorm_metadata`
 * (migrations/…-SchemaMetadata), so it is spelt here exactly as stored there.
 */
@Index('idx_sessions_day_subscriber', ['startedDay', 'subscriberId', 'startedAt'])
@Entity({ name: 'sessions' })
export class SessionSchemaEntity extends SessionEntity {
  @Column({
    name: 'started_day',
    type: 'date',
    generatedType: 'VIRTUAL',
    asExpression: 'CAST(started_at AS DATE)',
    insert: false,
    update: false,
  })
  startedDay: string;
}
