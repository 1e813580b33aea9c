import { MigrationInterface, QueryRunner } from 'typeorm';

const PRODUCT_CODES = [
  'FIBER_1000',
  'FIBER_300',
  'DSL_100',
  'MOBILE_UNLIMITED',
  'STATIC_IP',
  'DOMAIN_HOSTING',
  'TV_PACKAGE',
  'OTHER',
];
const CODE_LIST = PRODUCT_CODES.map((code) => `'${code}'`).join(',');
/** Free text as a code would be spelled: "fibre-1000 " → FIBER_1000. */
const NORMALISED = `REPLACE(REPLACE(REPLACE(UPPER(TRIM(product)), ' ', '_'), '-', '_'), 'FIBRE', 'FIBER')`;

/**
 * Report buckets safe against differencing (docs/design.md section 5):
 * - product_inquiries.product becomes the ProductCode catalogue instead of free text, so
 *   no report key is ever something a person typed. Existing text that spells a code
 *   (in any case, with spaces or dashes, "fibre" for "fiber") becomes that code;
 *   anything else becomes OTHER, and its text moves to the front of the inquiry's
 *   message ("Product: ..."), where free text belongs: the customer and staff still read
 *   it, the purge still erases it, and no report groups by it.
 * - revenue is reported per month and currency: the covering index of the revenue
 *   report gains the currency, so the grouping still reads no table row.
 * down() restores the column as text (holding the codes; the moved text stays in the
 * message) and the previous index.
 */
export class ReportBuckets1764000840000 implements MigrationInterface {
  name = 'ReportBuckets1764000840000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE product_inquiries
       SET message = CONCAT('Product: ', product, IF(COALESCE(message, '') = '', '', CONCAT('\\n\\n', message)))
       WHERE ${NORMALISED} NOT IN (${CODE_LIST})`,
    );
    await q.query(
      `UPDATE product_inquiries SET product = IF(${NORMALISED} IN (${CODE_LIST}), ${NORMALISED}, 'OTHER')`,
    );
    await q.query(`ALTER TABLE product_inquiries MODIFY product ENUM(${CODE_LIST}) NOT NULL`);
    await q.query(
      `ALTER TABLE payments DROP KEY idx_payments_paid_status_amount,
       ADD KEY idx_payments_paid_status_currency (paid_at, status, currency, subscriber_id, amount_cents)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE payments DROP KEY idx_payments_paid_status_currency,
       ADD KEY idx_payments_paid_status_amount (paid_at, status, subscriber_id, amount_cents)`,
    );
    await q.query('ALTER TABLE product_inquiries MODIFY product VARCHAR(100) NOT NULL');
  }
}
