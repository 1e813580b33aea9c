import { getNamedType, isObjectType } from 'graphql';
import { Role } from '../../../src/auth/roles';
import { PRODUCT_CODES } from '../../../src/modules/marketing/product-code';
import { errorOf, harnessForFile } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * docs/design.md section 5, "Against differencing", replaying issue 8 findings 4, 5 and 6:
 * ranges finer than a bucket, suppressed buckets keyed by what a customer typed, and
 * revenue beyond 32 bits or summed across currencies.
 */
const h = harnessForFile();
let reporting: string;
beforeAll(async () => {
  reporting = await h.token(Role.REPORTING, 'analyst-1');
});

const BUCKET = '{ key value suppressed }';
type Bucket = { key: string; value: number | null; suppressed: boolean };

async function payment(subscriberId: string, cents: number, currency: string, paidAt: string) {
  await h.db.query(
    `INSERT INTO payments (subscriber_id, amount_cents, currency, status, paid_at, created_at)
     VALUES (?, ?, ?, 'SUCCEEDED', ?, NOW(3))`,
    [subscriberId, cents, currency, new Date(paidAt)],
  );
}

describe('ranges fall on bucket boundaries (finding 4)', () => {
  const month = (field: string, from: string, to: string) =>
    h.run(`{ report { ${field}(from: "${from}", to: "${to}") { key value } } }`, { token: reporting });

  test('the millisecond-apart revenue ranges that isolated one payment are both refused, naming to', async () => {
    for (const to of ['2026-10-31T08:48:25.417Z', '2026-10-31T08:48:25.418Z']) {
      const result = await month('revenueCentsByMonth', '2026-10-01T00:00:00Z', to);
      expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
      expect(result.errors?.[0].extensions?.field).toBe('to');
      expect(result.errors?.[0].message).toMatch(/^to: must be a month boundary/);
    }
  });

  test.each(['signupsByMonth', 'cancellationsByMonth', 'revenueCentsByMonth'])(
    '%s refuses anything finer than a month, in from and in to',
    async (field) => {
      for (const [from, to, named] of [
        ['2026-10-01T00:00:00.001Z', '2026-11-01T00:00:00Z', 'from'],
        ['2026-10-15T00:00:00Z', '2026-11-01T00:00:00Z', 'from'],
        ['2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z', 'to'],
        ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00+01:00', 'to'],
      ]) {
        const result = await month(field, from, to);
        expect(errorOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
        expect(result.errors?.[0].extensions?.field).toBe(named);
      }
      // 01:00 at +01:00 is midnight UTC: a boundary however it is written.
      expect(
        (await month(field, '2026-10-01T00:00:00Z', '2026-11-01T01:00:00+01:00')).errors,
      ).toBeUndefined();
      const open = await h.run(`{ report { ${field}(from: "2026-10-01T00:00:00Z") { key } } }`, {
        token: reporting,
      });
      expect(open.errors).toBeUndefined();
    },
  );

  test('sessionsByDay refuses anything finer than a day', async () => {
    const days = (from: string, to: string) =>
      h.run(`{ report { sessionsByDay(from: "${from}", to: "${to}") { key } } }`, { token: reporting });
    const early = await days('2026-03-15T00:00:00.001Z', '2026-03-17T00:00:00Z');
    expect(errorOf(early)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect(early.errors?.[0].extensions?.field).toBe('from');
    const late = await days('2026-03-15T00:00:00Z', '2026-03-16T12:00:00Z');
    expect(late.errors?.[0].extensions?.field).toBe('to');
    expect((await days('2026-03-15T00:00:00Z', '2026-03-17T00:00:00Z')).errors).toBeUndefined();
  });
});

describe('inquiry products are catalogue codes (finding 5)', () => {
  const PERSON = 'Freya Schmidt, freya.schmidt.1@example.com, +4740000000';

  test('a free-text product is refused without echoing it, and nothing is stored', async () => {
    const s = await insertSubscriber(h.db);
    const token = await h.token(Role.CUSTOMER, s.id);
    const byVariable = await h.run(
      'mutation($p: ProductCode!) { submitProductInquiry(product: $p, message: "Call me") { id } }',
      { token, variables: { p: PERSON } },
    );
    const inline = await h.run(
      `mutation { submitProductInquiry(product: ${PERSON.replace(/\W+/g, '_')}, message: "Call me") { id } }`,
      { token },
    );
    // As it was sent on main, where product was a String.
    const asString = await h.run(
      `mutation { submitProductInquiry(product: ${JSON.stringify(PERSON)}, message: "Call me") { id } }`,
      { token },
    );
    for (const result of [byVariable, inline, asString]) {
      expect(result.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      expect(JSON.stringify(result.errors)).not.toMatch(/freya/i);
    }
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM product_inquiries WHERE subscriber_id = ?', [
      s.id,
    ]);
    expect(Number(n)).toBe(0);
  });

  test('a product asked about by too few subscribers folds into OTHER: its code is never shown', async () => {
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await insertSubscriber(h.db));
    const ask = async (subscriberId: string, product: string) => {
      const result = await h.run(
        'mutation($p: ProductCode!) { submitProductInquiry(product: $p, message: "Available?") { product } }',
        { token: await h.token(Role.CUSTOMER, subscriberId), variables: { p: product } },
      );
      expect(result.errors).toBeUndefined();
    };
    for (const person of people.slice(0, 5)) await ask(person.id, 'FIBER_300');
    await ask(people[5].id, 'STATIC_IP');
    await ask(people[5].id, 'TV_PACKAGE');
    const result = await h.run<{ report: { inquiriesByProduct: Bucket[] } }>(
      `{ report { inquiriesByProduct ${BUCKET} } }`,
      { token: reporting },
    );
    expect(result.data?.report.inquiriesByProduct).toEqual([
      { key: 'FIBER_300', value: 5, suppressed: false },
      // STATIC_IP and TV_PACKAGE: one subscriber, two inquiries; counted once in OTHER.
      { key: 'OTHER', value: null, suppressed: true },
    ]);
    for (const bucket of result.data!.report.inquiriesByProduct) expect(PRODUCT_CODES).toContain(bucket.key);
  });

  test('OTHER is shown once five subscribers stand behind it', async () => {
    for (let i = 0; i < 4; i++) {
      const s = await insertSubscriber(h.db);
      await h.db.query(
        "INSERT INTO product_inquiries (subscriber_id, product, message, created_at) VALUES (?, 'DSL_100', 'x', NOW(3))",
        [s.id],
      );
    }
    const result = await h.run<{ report: { inquiriesByProduct: Bucket[] } }>(
      `{ report { inquiriesByProduct ${BUCKET} } }`,
      { token: reporting },
    );
    // DSL_100 (four) + STATIC_IP and TV_PACKAGE (one): five subscribers, six inquiries.
    expect(result.data?.report.inquiriesByProduct).toContainEqual({
      key: 'OTHER',
      value: 6,
      suppressed: false,
    });
  });
});

describe('revenue per month and currency, as SafeInt (finding 6)', () => {
  test('a month above 2^31 cents is answered exactly, and each currency has its own bucket', async () => {
    for (let i = 0; i < 5; i++) {
      const s = await insertSubscriber(h.db);
      await payment(s.id, 500_000_000, 'USD', '2027-01-10T12:00:00Z');
      await payment(s.id, 100, 'EUR', '2027-01-11T12:00:00Z');
    }
    const result = await h.run<{ report: { revenueCentsByMonth: Bucket[] } }>(
      `{ report { revenueCentsByMonth(from: "2027-01-01T00:00:00Z", to: "2027-02-01T00:00:00Z") ${BUCKET} } }`,
      { token: reporting },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.report.revenueCentsByMonth).toEqual([
      { key: '2027-01 EUR', value: 500, suppressed: false },
      { key: '2027-01 USD', value: 2_500_000_000, suppressed: false },
    ]);
    expect(2_500_000_000).toBeGreaterThan(2 ** 31);
  });

  test('CountBucket.value is SafeInt in the schema', () => {
    const bucket = h.server.schema.getType('CountBucket');
    expect(isObjectType(bucket) && getNamedType(bucket.getFields().value.type).name).toBe('SafeInt');
  });
});
