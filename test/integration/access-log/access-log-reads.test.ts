import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow } from '../../../src/access-log/access-log.service';
import { harnessForFile } from '../../helpers/harness';
import { loggedOnlySubscriberId } from '../../helpers/privacy-fixtures';

/**
 * Reading the log stored as groups and entries (docs/access-log.md, "How entries are
 * stored"): the view walks entries in id order, never all groups first with the whole
 * join sorted; one actor's entries are paged through the groups' actor index, exactly.
 */
const h = harnessForFile();

const read = (i: number, fields = ['Subscriber.billing']) => ({
  subscriberId: loggedOnlySubscriberId(i % 7),
  category: DataCategory.BILLING,
  fields,
  basis: AccessBasis.ID_VERIFICATION,
  operation: 'subscribers',
});

beforeAll(async () => {
  // Many small groups of other actors around a few of "reads-a", of 1 to 4 entries each.
  for (let i = 0; i < 120; i++) {
    const mine = i % 9 === 4;
    const actor = { actorId: mine ? 'reads-a' : `reads-other-${i % 5}`, role: Role.BILLING };
    const records = Array.from({ length: mine ? 1 + (i % 4) : 3 }, (_, j) =>
      read(i + j, j === 2 ? ['Subscriber.payments'] : undefined),
    );
    await appendAccessLogNow(h.db, actor, `reads-${i}`, records);
  }
  await h.db.query('ANALYZE TABLE access_log_entries, access_log_groups');
});

type Plan = { table: string; type: string; key: string | null; Extra: string | null }[];
const explain = (sql: string, values: unknown[] = []): Promise<Plan> => h.db.query(`EXPLAIN ${sql}`, values);

describe('the view access_log', () => {
  test.each([
    ['the newest page', 'SELECT * FROM access_log ORDER BY id DESC LIMIT 21', []],
    [
      'a subscriber’s page',
      'SELECT * FROM access_log WHERE subscriber_id = ? ORDER BY id DESC LIMIT 21',
      [9_000_003],
    ],
    ['a verification batch', 'SELECT * FROM access_log WHERE id > ? ORDER BY id LIMIT 2000', [10]],
  ])(
    '%s reads entries in order, then each one’s group by its key: nothing sorted',
    async (_, sql, values) => {
      const plan = await explain(sql, values);
      expect(plan.map((step) => step.table)).toEqual(['e', 'g']);
      expect(plan[1]).toMatchObject({ type: 'eq_ref', key: 'PRIMARY' });
      expect(plan.map((step) => step.Extra ?? '').join(' ')).not.toMatch(/filesort|temporary/);
    },
  );
});

describe('one actor’s entries', () => {
  const pageQuery = `query P($after: String) { accessLog(actorId: "reads-a", first: 3, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id actorId fields } } } }`;

  test('page after page, newest first, exactly the actor’s entries, with its count', async () => {
    const expected: { id: unknown }[] = await h.db.query(
      "SELECT e.id AS id FROM access_log_entries e JOIN access_log_groups g ON g.id = e.group_id WHERE g.actor_id = 'reads-a' ORDER BY e.id DESC",
    );
    expect(expected.length).toBeGreaterThan(20);
    const token = await h.token(Role.COMPLIANCE, 'officer-reads');
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = {
        accessLog: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { id: string; actorId: string } }[];
        };
      };
      const result: { data?: Page | null; errors?: unknown } = await h.run<Page>(pageQuery, {
        token,
        variables: { after },
      });
      expect(result.errors).toBeUndefined();
      const { accessLog } = result.data!;
      expect(accessLog.totalCount).toBe(expected.length);
      expect(accessLog.edges.every(({ node }) => node.actorId === 'reads-a')).toBe(true);
      seen.push(...accessLog.edges.map(({ node }) => node.id));
      if (!accessLog.pageInfo.hasNextPage) break;
      after = accessLog.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected.map((row) => String(row.id)));
  });

  test('a page reads the actor’s newest groups through its index, then only their entries', async () => {
    const groups = await explain(
      "SELECT id FROM access_log_groups WHERE actor_id = 'reads-a' AND id < 1000000 ORDER BY id DESC LIMIT 4",
    );
    expect(groups).toEqual([expect.objectContaining({ key: 'idx_access_log_groups_actor' })]);
    expect(groups[0].Extra ?? '').not.toMatch(/filesort/);
    const entries = await explain(
      "SELECT * FROM access_log WHERE actor_id = 'reads-a' AND group_id IN (5, 41, 77, 113) ORDER BY id DESC LIMIT 4",
    );
    expect(entries[0]).toMatchObject({ table: 'e', key: 'idx_access_log_entries_group', type: 'range' });
  });
});
