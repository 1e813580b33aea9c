import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { dropDatabase } from '../../src/database/bootstrap';
import { testDatabaseUrl } from '../helpers/database-url';

/** `npm run seed`: deterministic demo data, printed progress, and never in production. */
const root = join(__dirname, '..', '..');
const urls = [`${testDatabaseUrl()}_seed_a`, `${testDatabaseUrl()}_seed_b`];

function seed(url: string, extraEnv: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/cli/seed.ts',
      '--subscribers',
      '40',
      '--sessions-per-subscriber',
      '5',
      '--tickets-per-subscriber',
      '2',
    ],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', ...extraEnv },
      encoding: 'utf8',
    },
  );
}

const SEEDED_TABLES = [
  'subscribers',
  'sessions',
  'payments',
  'support_tickets',
  'ticket_messages',
  'product_inquiries',
];

/** A digest of every row of every seeded table, in id order (CHECKSUM TABLE is not stable here). */
async function digests(url: string): Promise<Record<string, string>> {
  const connection = await createConnection({ uri: url, dateStrings: true });
  try {
    const result: Record<string, string> = {};
    for (const table of SEEDED_TABLES) {
      const [rows] = await connection.query(`SELECT * FROM ${table} ORDER BY id`);
      const list = rows as unknown[];
      result[table] = `${list.length}:${createHash('sha256').update(JSON.stringify(list)).digest('hex')}`;
    }
    return result;
  } finally {
    await connection.end();
  }
}

afterAll(async () => {
  for (const url of urls) await dropDatabase(url);
});

test('refuses to run with NODE_ENV=production, before touching any database', async () => {
  const run = seed(urls[0], { NODE_ENV: 'production' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('refusing to seed demo data with NODE_ENV=production');
  const server = new URL(urls[0]);
  const name = server.pathname.slice(1);
  server.pathname = '/';
  const connection = await createConnection({ uri: server.toString() });
  const [found] = await connection.query(
    'SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?',
    [name],
  );
  await connection.end();
  expect(found).toEqual([]);
});

test('the same options give the same rows, and progress is printed', async () => {
  const first = seed(urls[0]);
  const second = seed(urls[1]);
  expect(first.status).toBe(0);
  expect(second.status).toBe(0);
  expect(first.stdout).toMatch(/subscribers 40\/40/);
  expect(first.stdout).toMatch(/done in/);
  const [a, b] = await Promise.all(urls.map(digests));
  expect(Object.keys(a)).toHaveLength(6);
  expect(a).toEqual(b);
  expect(a.sessions).not.toMatch(/^0:/);
}, 60_000);
