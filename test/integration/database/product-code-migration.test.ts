import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/data-source';
import { dropDatabase, ensureDatabase, migrateWithLock } from '../../../src/database/bootstrap';
import { testDatabaseUrl } from '../../helpers/database-url';

/**
 * migrations/1764000840000-ReportBuckets on data written before it: free-text products
 * become catalogue codes or OTHER, and text that is no code moves into the message.
 */
const url = `${testDatabaseUrl()}_product_codes`;
const MIGRATION = 'ReportBuckets1764000840000';
let db: DataSource;

beforeAll(async () => {
  await ensureDatabase(url);
  db = createDataSource({ url, poolSize: 2, replicaUrls: [] });
  await db.initialize();
  await migrateWithLock(db);
});
afterAll(async () => {
  await db.destroy();
  await dropDatabase(url);
});

async function applied(): Promise<boolean> {
  const rows: unknown[] = await db.query('SELECT 1 FROM migrations WHERE name = ?', [MIGRATION]);
  return rows.length > 0;
}

test('maps existing free text to a code or OTHER, keeping the text in the message; down() restores text', async () => {
  while (await applied()) await db.undoLastMigration({ transaction: 'each' });
  await db.query(
    `INSERT INTO subscribers (account_number, status, created_at) VALUES ('KM-PC-0001', 'ACTIVE', NOW(3))`,
  );
  const [{ id }] = await db.query('SELECT MAX(id) AS id FROM subscribers');
  const typed: [string, string | null][] = [
    ['FIBER_1000', 'Is it available?'],
    ['fibre 300', null],
    ['tv-package', 'Sports too?'],
    ['Freya Schmidt, freya.schmidt.1@example.com, +4740000000', 'Call me'],
    ['other', ''],
  ];
  for (const [product, message] of typed) {
    await db.query(
      'INSERT INTO product_inquiries (subscriber_id, product, message, created_at) VALUES (?, ?, ?, NOW(3))',
      [id, product, message],
    );
  }
  await migrateWithLock(db);
  const rows: { product: string; message: string | null }[] = await db.query(
    'SELECT product, message FROM product_inquiries ORDER BY id',
  );
  expect(rows).toEqual([
    { product: 'FIBER_1000', message: 'Is it available?' },
    { product: 'FIBER_300', message: null },
    { product: 'TV_PACKAGE', message: 'Sports too?' },
    {
      product: 'OTHER',
      message: 'Product: Freya Schmidt, freya.schmidt.1@example.com, +4740000000\n\nCall me',
    },
    { product: 'OTHER', message: '' },
  ]);
  const [column] = await db.query(
    `SELECT column_type AS type FROM information_schema.columns
     WHERE table_schema = DATABASE() AND table_name = 'product_inquiries' AND column_name = 'product'`,
  );
  expect(column.type).toMatch(/^enum\('FIBER_1000',.*'OTHER'\)$/);
  await expect(
    db.query(
      "INSERT INTO product_inquiries (subscriber_id, product, created_at) VALUES (?, 'Anything', NOW(3))",
      [id],
    ),
  ).rejects.toThrow();

  while (await applied()) await db.undoLastMigration({ transaction: 'each' });
  const [reverted] = await db.query(
    `SELECT data_type AS type FROM information_schema.columns
     WHERE table_schema = DATABASE() AND table_name = 'product_inquiries' AND column_name = 'product'`,
  );
  expect(reverted.type).toBe('varchar');
  const codes: { product: string }[] = await db.query('SELECT product FROM product_inquiries ORDER BY id');
  expect(codes.map((row) => row.product)).toEqual([
    'FIBER_1000',
    'FIBER_300',
    'TV_PACKAGE',
    'OTHER',
    'OTHER',
  ]);
});
