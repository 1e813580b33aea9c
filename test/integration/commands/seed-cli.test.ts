import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { dropDatabase } from '../../../src/database/bootstrap';
import { testDatabaseUrl } from '../../helpers/database-url';
import { config } from '../../../src/config';
import { cardBrand } from '../../../src/modules/billing/card';
import { cardKeyring, decryptCardNumber } from '../../../src/modules/billing/card-crypto';
import { TEST_CARD_NUMBERS } from '../../../src/seed/demo-data';

/** `npm run seed`: deterministic demo data, printed progress, and never in production. */
const root = join(__dirname, '..', '..', '..');
const urls = [`${testDatabaseUrl()}_seed_a`, `${testDatabaseUrl()}_seed_b`];

function seed(url: string, extraEnv: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/cli/seed.ts',
      '--subscribers',
      '600',
      '--sessions-per-subscriber',
      '2',
      '--tickets-per-subscriber',
      '1',
    ],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', ...extraEnv },
      encoding: 'utf8',
    },
  );
}

/** Every table but the migrations' own and the access log (only the server writes that). */
const SEEDED_TABLES = [
  'subscribers',
  'sessions',
  'payments',
  'support_tickets',
  'ticket_messages',
  'product_inquiries',
  'billing_profiles',
  'identity_verifications',
  'disclosure_exceptions',
  'retention_holds',
  'survey_responses',
  'communication_preferences',
  'domain_registrations',
  'policy_versions',
];
// Each encryption draws a fresh IV: the ciphertext differs, the card behind it does not.
const NOT_DETERMINISTIC = new Set(['card_ciphertext']);
// The first policy version is the migrations' (posted when they ran), not the seed's.
const SEED_ROWS: Record<string, string> = { policy_versions: 'version > 1' };

/** A digest of every row of every seeded table, in id order (CHECKSUM TABLE is not stable here). */
async function digests(url: string): Promise<Record<string, string>> {
  const connection = await createConnection({ uri: url, dateStrings: true });
  try {
    const result: Record<string, string> = {};
    for (const table of SEEDED_TABLES) {
      const [rows] = await connection.query(
        `SELECT * FROM ${table} WHERE ${SEED_ROWS[table] ?? 'TRUE'} ORDER BY 1`,
      );
      const list = (rows as Record<string, unknown>[]).map((row) =>
        Object.entries(row).filter(([column]) => !NOT_DETERMINISTIC.has(column)),
      );
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
  // Progress counts the rows written so far, the subscribers included.
  expect(first.stdout).toMatch(/subscribers 500\/600: subscribers 500, sessions [1-9]/);
  expect(first.stdout).toMatch(/done in .*: subscribers 600, /);
  const [a, b] = await Promise.all(urls.map(digests));
  expect(Object.keys(a)).toHaveLength(SEEDED_TABLES.length);
  expect(a).toEqual(b);
  const empty = Object.entries(a).filter(([, digest]) => digest.startsWith('0:'));
  expect(empty).toEqual([]);
}, 120_000);

test('the demo data covers what the policy rules act on', async () => {
  const connection = await createConnection({ uri: urls[0] });
  try {
    const values = async (sql: string) => {
      const [rows] = await connection.query(sql);
      return (rows as Record<string, unknown>[]).map((row) => Object.values(row)[0]);
    };
    // Disclosure exceptions in every status the API shows (EXPIRED: ACTIVE past its end).
    const now = '2026-11-01';
    expect(
      await values(`SELECT DISTINCT IF(status = 'ACTIVE' AND valid_until < '${now}', 'EXPIRED', status) AS s
                    FROM disclosure_exceptions ORDER BY s`),
    ).toEqual(['ACTIVE', 'EXPIRED', 'PENDING', 'REJECTED', 'REVOKED']);
    expect(await values('SELECT DISTINCT reason FROM retention_holds ORDER BY reason')).toEqual([
      'LEGAL_OBLIGATION',
      'ACCOUNTING_IRREGULARITY',
    ]);
    // Four eyes: no exception approved by its requester.
    expect(
      await values('SELECT COUNT(*) FROM disclosure_exceptions WHERE approved_by = requested_by'),
    ).toEqual([0]);
    // Purged accounts hold no billing profile, verification or exception.
    expect(
      await values(`SELECT COUNT(*) FROM subscribers s WHERE s.status = 'PURGED' AND (
        EXISTS (SELECT 1 FROM billing_profiles b WHERE b.subscriber_id = s.id) OR
        EXISTS (SELECT 1 FROM identity_verifications v WHERE v.subscriber_id = s.id))`),
    ).toEqual([0]);
    expect(await values('SELECT MAX(version) FROM policy_versions')).toEqual([2]);
  } finally {
    await connection.end();
  }
});

test('stored cards are standard test card numbers, encrypted under the configured key', async () => {
  const connection = await createConnection({ uri: urls[0] });
  try {
    const [rows] = await connection.query(
      'SELECT subscriber_id, card_brand, card_last4, card_ciphertext, card_key_id FROM billing_profiles LIMIT 50',
    );
    const keyring = cardKeyring(config());
    for (const row of rows as Record<string, string>[]) {
      const digits = decryptCardNumber(
        row.card_ciphertext,
        String(row.subscriber_id),
        row.card_key_id,
        keyring,
      );
      expect(TEST_CARD_NUMBERS).toContain(digits);
      expect(row.card_last4).toBe(digits.slice(-4));
      expect(row.card_brand).toBe(cardBrand(digits));
      expect(row.card_ciphertext).not.toContain(digits);
    }
  } finally {
    await connection.end();
  }
});
