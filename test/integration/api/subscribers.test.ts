import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData, errorOf, Result } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { AccountStatus } from '../../../src/access/account-status';

/** Subscribers: creation (validation, normalisation, conflicts) and the dashboard list. */
let h: Harness;
let support: string;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  support = await h.token(Role.SUPPORT, 'agent-7');
});
afterAll(() => h.close());

const count = async (table: string) => Number((await h.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

const CREATE = `mutation($input: CreateSubscriberInput!) {
  createSubscriber(input: $input) { id accountNumber status email phone address { country } }
}`;

describe('createSubscriber', () => {
  test('normalises what people type and generates an account number', async () => {
    const result = await h.run(CREATE, {
      token: support,
      variables: {
        input: {
          name: 'Grace Hopper',
          email: ' Grace@Example.org ',
          phone: '+1 (415) 555-0100',
          address: { line1: '1 Navy Way', city: 'Arlington', postalCode: '22202', country: 'us' },
        },
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createSubscriber).toMatchObject({
      status: 'ACTIVE',
      email: 'grace@example.org',
      phone: '+14155550100',
      address: { country: 'US' },
    });
    expect((result.data?.createSubscriber as { accountNumber: string }).accountNumber).toMatch(/^KM\d{10}$/);
  });

  test('a taken e-mail is CONFLICT and nothing is written', async () => {
    const before = await count('subscribers');
    const result = await h.run(CREATE, {
      token: support,
      variables: { input: { name: 'Someone Else', email: 'GRACE@example.org' } },
    });
    expect(errorOf(result)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_EXISTS' });
    expect(await count('subscribers')).toBe(before);
  });

  test.each([
    [{ name: 'X', email: 'nope' }, 'input.email'],
    [{ name: 'X', email: 'x@example.org', phone: 'call me' }, 'input.phone'],
    [{ name: 'x'.repeat(201), email: 'x@example.org' }, 'input.name'],
  ])('bad input %j is BAD_USER_INPUT naming %s, nothing written', async (input, field) => {
    const before = await count('subscribers');
    const result = await h.run(CREATE, { token: support, variables: { input } });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_INPUT',
      field,
    });
    expect(result.errors?.[0].message).not.toContain('call me');
    expect(await count('subscribers')).toBe(before);
  });

  test('BILLING may not create subscribers', async () => {
    const result = await h.run(CREATE, {
      token: await h.token(Role.BILLING),
      variables: { input: { name: 'X', email: 'x2@example.org' } },
    });
    expect(errorOf(result)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_PERMITTED' });
  });
});

describe('the dashboard list', () => {
  beforeAll(async () => {
    for (const name of ['Alice Adams', 'Alan Turing', 'Bob Brown', 'Alicia Keys', 'Carol Chen']) {
      await insertSubscriber(h.db, { name, email: `${name.split(' ')[0].toLowerCase()}@list.example` });
    }
  });

  const LIST = `query($first: Int, $after: String, $filter: SubscriberFilter) {
    subscribers(first: $first, after: $after, filter: $filter) {
      totalCount edges { cursor node { name accountNumber } } pageInfo { hasNextPage endCursor }
    }
  }`;
  type List = {
    subscribers: {
      totalCount: number;
      edges: { node: { name: string; accountNumber: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
  };

  test('pages with opaque cursors, newest first, without overlap', async () => {
    const first = await h.run<List>(LIST, { token: support, variables: { first: 2 } });
    const second = await h.run<List>(LIST, {
      token: support,
      variables: { first: 2, after: first.data?.subscribers.pageInfo.endCursor },
    });
    const names = [...first.data!.subscribers.edges, ...second.data!.subscribers.edges].map(
      (e) => e.node.name,
    );
    expect(names.slice(0, 4)).toEqual(['Carol Chen', 'Alicia Keys', 'Bob Brown', 'Alan Turing']);
    expect(first.data?.subscribers.pageInfo.hasNextPage).toBe(true);
  });

  test('every page of every status filter, walked to the end, is the table itself, column by column', async () => {
    await insertSubscriber(h.db, { status: AccountStatus.CANCELLED, cancelledAt: new Date(), phone: null });
    const noAddress = { line1: null, line2: null, city: null, region: null, postalCode: null, country: null };
    await insertSubscriber(h.db, { status: AccountStatus.RETAINED, address: noAddress });
    const WALK = `query($after: String, $filter: SubscriberFilter) {
      subscribers(first: 3, after: $after, filter: $filter) {
        totalCount edges { node { id accountNumber status name email phone address { line1 city postalCode country } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Walk = {
      subscribers: {
        totalCount: number;
        edges: { node: Record<string, unknown> }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    for (const status of [null, ...Object.values(AccountStatus)]) {
      const where = status ? ' WHERE status = ?' : '';
      const params = status ? [status] : [];
      const [{ n }] = await h.db.query(`SELECT COUNT(*) AS n FROM subscribers${where}`, params);
      const seen: Record<string, unknown>[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Result<Walk> = await h.run<Walk>(WALK, {
          token: support,
          variables: { after, filter: status ? { status } : null },
        });
        expect(page.errors).toBeUndefined();
        const list: Walk['subscribers'] = page.data!.subscribers;
        expect([status, list.totalCount]).toEqual([status, Number(n)]);
        seen.push(...list.edges.map((e) => e.node));
        if (!list.pageInfo.hasNextPage) break;
        after = list.pageInfo.endCursor;
      }
      const rows: Record<string, string | null>[] = await h.db.query(
        `SELECT id, account_number, status, name, email, phone, address_line1, address_city,
                address_postal_code, address_country FROM subscribers${where} ORDER BY id DESC`,
        params,
      );
      const address = (row: Record<string, string | null>) =>
        row.address_line1 && row.address_city && row.address_postal_code && row.address_country
          ? {
              line1: row.address_line1,
              city: row.address_city,
              postalCode: row.address_postal_code,
              country: row.address_country,
            }
          : null;
      expect([status, seen]).toEqual([
        status,
        rows.map((row) => ({
          id: String(row.id),
          accountNumber: row.account_number,
          status: row.status,
          name: row.name,
          email: row.email,
          phone: row.phone,
          address: address(row),
        })),
      ]);
    }
  });

  test('search matches a name prefix, an e-mail prefix, or an exact account number', async () => {
    const byName = await h.run<List>(LIST, { token: support, variables: { filter: { search: 'ali' } } });
    expect(byName.data?.subscribers.edges.map((e) => e.node.name).sort()).toEqual([
      'Alice Adams',
      'Alicia Keys',
    ]);
    const byEmail = await h.run<List>(LIST, { token: support, variables: { filter: { search: 'bob@' } } });
    expect(byEmail.data?.subscribers.edges.map((e) => e.node.name)).toEqual(['Bob Brown']);
    const accountNumber = byEmail.data!.subscribers.edges[0].node.accountNumber;
    const byNumber = await h.run<List>(LIST, {
      token: support,
      variables: { filter: { search: accountNumber } },
    });
    expect(byNumber.data?.subscribers.edges.map((e) => e.node.name)).toEqual(['Bob Brown']);
    expect(byNumber.data?.subscribers.totalCount).toBe(1);
    const wildcard = await h.run<List>(LIST, { token: support, variables: { filter: { search: '%' } } });
    expect(wildcard.data?.subscribers.totalCount).toBe(0);
  });

  test('more than 100 per page, or a forged cursor, is BAD_USER_INPUT', async () => {
    expect(errorOf(await h.run(LIST, { token: support, variables: { first: 101 } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_INPUT',
    });
    expect(errorOf(await h.run(LIST, { token: support, variables: { after: 'bogus' } }))?.code).toBe(
      'BAD_USER_INPUT',
    );
  });
});
