import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { logger } from '../logger';
import { requestOfRunner } from './request-database';
import { isStatementTimeout, recordStatementTimeout } from '../observability/metrics';

/**
 * Counts the SQL statements of the current request (for the statement-count guarantee of
 * docs/design.md section 7) and sends database failures to the structured log. Statement text
 * and parameters are never logged: they may hold personal data.
 */
export class SqlLogger implements TypeOrmLogger {
  logQuery(_query: string, _parameters?: unknown[], runner?: QueryRunner): void {
    const store = requestOfRunner(runner);
    if (store) store.sqlStatements += 1;
  }
  logQueryError(error: string | Error, _query: string, _parameters?: unknown[]): void {
    const message = typeof error === 'string' ? error : error.message;
    // mysql2 error messages can quote values ("Duplicate entry 'x@y' ..."): keep the code only.
    const code = typeof error === 'object' && 'code' in error ? (error as { code?: string }).code : undefined;
    if (isStatementTimeout(error)) recordStatementTimeout();
    logger().warn({ dbError: code ?? message.split(':')[0] }, 'database statement failed');
  }
  logQuerySlow(time: number): void {
    logger().warn({ ms: time }, 'slow database statement');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    logger().info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger().warn({ typeorm: String(message) });
  }
}
