/**
 * Test settings, read before any module parses its configuration. The database is the
 * one global-setup created for this run (never `kacmac`).
 */
import { testDatabaseUrl } from './database-url';

process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.DATABASE_URL = testDatabaseUrl();
process.env.JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
// Random-looking test keys, so that the production-mode tests can use them too.
process.env.CARD_ENCRYPTION_KEY = 'P5hpS0CGbUZFav9zuA8Cc+yZOxl/eryUyH2EtlU3SBg=';
process.env.ACCESS_LOG_KEY = 'bkXQ/z5dg4fMPjOhUDNIv4t0xyW78v1oV8n5RhWzjBI=';
process.env.ACCESS_LOG_KEY_ID = 'test1';
// Fixtures load and delete in bulk on a shared machine: a generous statement limit here;
// the limits themselves are tested with their own, short values (database-timeouts.test.ts).
process.env.DATABASE_STATEMENT_TIMEOUT_MS = '60000';
