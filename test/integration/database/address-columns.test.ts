import { Role } from '../../../src/auth/roles';
import { Harness, startHarness } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { ADDRESS_COLUMN_NAMES } from '../../../src/modules/subscriber/postal-address.entity';
import { SubscriberEntity } from '../../../src/modules/subscriber/subscriber.entity';
import { BillingProfileEntity } from '../../../src/modules/billing/billing-profile.entity';

/**
 * The embedded address (subscriber/postal-address.entity.ts) maps to the very columns the
 * migrations made (name, type, length, nullability), on the database the migrations built.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

test.each([
  ['subscribers', SubscriberEntity],
  ['billing_profiles', BillingProfileEntity],
])('%s: the entity names the migrated address columns, under address', async (table, entity) => {
  const columns = h.db.getMetadata(entity).columns.filter((c) => c.databaseName.startsWith('address_'));
  expect(columns.map((c) => c.databaseName).sort()).toEqual([...ADDRESS_COLUMN_NAMES].sort());
  expect(new Set(columns.map((c) => c.embeddedMetadata?.propertyName))).toEqual(new Set(['address']));
  const migrated: { name: string; type: string; length: string | number; nullable: string }[] =
    await h.db.query(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, CHARACTER_MAXIMUM_LENGTH AS length, IS_NULLABLE AS nullable
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME LIKE 'address\\_%'`,
      [table],
    );
  const described = (rows: { name: string; type: string; length: string | number; nullable: boolean }[]) =>
    rows.map((c) => `${c.name} ${c.type}(${Number(c.length)})${c.nullable ? ' null' : ''}`).sort();
  expect(
    described(
      columns.map((c) => ({
        name: c.databaseName,
        type: String(c.type),
        length: c.length,
        nullable: c.isNullable,
      })),
    ),
  ).toEqual(described(migrated.map((c) => ({ ...c, nullable: c.nullable === 'YES' }))));
});

test('a subscriber read by the list, by search and by id carries its address', async () => {
  const row = await insertSubscriber(h.db);
  const admin = await h.token(Role.ADMIN);
  const address = '{ line1 line2 city region postalCode country }';
  const result = await h.run(
    `query($id: ID!, $search: String!) {
      subscriber(id: $id) { address ${address} }
      subscribers(first: 1, filter: { search: $search }) { edges { node { id address ${address} } } }
    }`,
    { token: admin, variables: { id: row.id, search: row.email } },
  );
  expect(result.errors).toBeUndefined();
  const data = result.data as {
    subscriber: { address: unknown };
    subscribers: { edges: { node: { id: string; address: unknown } }[] };
  };
  const expected = {
    line1: '1 Main St',
    line2: null,
    city: 'Springfield',
    region: null,
    postalCode: '12345',
    country: 'US',
  };
  expect(data.subscriber.address).toEqual(expected);
  expect(data.subscribers.edges[0].node).toEqual({ id: row.id, address: expected });
});
