import { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../../src/data-source';
import type { Queryable } from '../../../src/database/read-routing';
import { TICKET_SPEC, ticketStatusFilter } from '../../../src/modules/ticket/ticket.loaders';
import { SupportTicketRow, TicketStatus } from '../../../src/modules/ticket/ticket.entity';
import {
  cursorOf,
  Filter,
  loadRelationPages,
  RelationSpec,
  SCAN_ROWS_PER_OWNER,
} from '../../../src/paging/relation-page';
import { PageArgs } from '../../../src/paging/pagination';
import { resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * Relations with few rows per owner (src/paging/relation-page.ts, `fewPerOwner`): a page
 * for many owners is one scan of their rows, not a branch per owner. MariaDB spent about
 * 25 µs a branch, rows or none: the dashboard's open tickets of 50 subscribers, none
 * open, cost 1.1 ms of its CPU as 50 branches against 0.3 ms as one scan.
 */
let db: DataSource;
let runner: QueryRunner;
const statements: string[] = [];
const recording: Queryable = {
  query: (sql: string, params?: unknown[]) => {
    statements.push(sql);
    return runner.query(sql, params);
  },
};

beforeAll(async () => {
  db = createDataSource({ poolSize: 2, replicaUrls: [] });
  await db.initialize();
  runner = db.createQueryRunner();
  await resetData(db);
});
afterAll(async () => {
  await runner.release();
  await db.destroy();
});
beforeEach(() => {
  statements.length = 0;
});

/** The same relation read the other way: a branch per owner. */
const BY_BRANCHES: RelationSpec<SupportTicketRow> = { ...TICKET_SPEC, fewPerOwner: false };

const page = (first: number, after: PageArgs['after'] = null): PageArgs => ({ first, after }) as PageArgs;
const OPEN: Filter[] = [ticketStatusFilter(TicketStatus.OPEN)];

/** Subscribers with 0, 1, 2, ... tickets (every third one closed), and one with 400. */
async function seedTickets(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const s = await insertSubscriber(db);
    ids.push(String(s.id));
    const count = i === 7 ? 400 : i;
    if (count === 0) continue;
    const values = Array.from({ length: count }, (_, t) => [
      s.id,
      `ticket ${t}`,
      t % 3 === 2 ? 'CLOSED' : 'OPEN',
    ]);
    await db.query(
      `INSERT INTO support_tickets (subscriber_id, subject, status, opened_by, created_at, updated_at)
       VALUES ${values.map(() => "(?, ?, ?, 'support-1', NOW(3), NOW(3))").join(', ')}`,
      values.flat(),
    );
  }
  return ids;
}

let ids: string[] = [];
beforeAll(async () => {
  ids = await seedTickets();
});

const idsOf = (pages: SupportTicketRow[][]) => pages.map((rows) => rows.map((row) => String(row.id)));

test('a page of tickets for many subscribers is one scan of their rows, not a branch each', async () => {
  const pages = await loadRelationPages(recording, TICKET_SPEC, ids.slice(0, 7), page(5), OPEN);
  expect(statements).toHaveLength(1);
  expect(statements[0]).not.toMatch(/UNION/);
  expect(idsOf(pages)).toEqual(
    idsOf(await loadRelationPages(recording, BY_BRANCHES, ids.slice(0, 7), page(5), OPEN)),
  );
});

test('pages, cursors and filters come out as the branches give them, in the owners’ order', async () => {
  const shuffled = [...ids].reverse().sort((a, b) => (Number(a) % 5) - (Number(b) % 5));
  for (const filters of [[], OPEN]) {
    for (const first of [1, 2, 5, 20, 30]) {
      const scanned = await loadRelationPages(recording, TICKET_SPEC, shuffled, page(first), filters);
      const branched = await loadRelationPages(recording, BY_BRANCHES, shuffled, page(first), filters);
      expect(idsOf(scanned)).toEqual(idsOf(branched));
      expect(scanned.every((rows) => rows.length <= first + 1)).toBe(true);
      // The next page of each subscriber, after its first page's last row.
      for (const [i, rows] of scanned.entries()) {
        if (rows.length <= first) continue;
        const after = cursorOf(TICKET_SPEC.order, rows[first - 1]);
        const next = await loadRelationPages(
          recording,
          TICKET_SPEC,
          [shuffled[i]],
          page(first, after),
          filters,
        );
        const nextByBranch = await loadRelationPages(
          recording,
          BY_BRANCHES,
          [shuffled[i]],
          page(first, after),
          filters,
        );
        expect(idsOf(next)).toEqual(idsOf(nextByBranch));
        expect(next[0][0].id).toBe(rows[first].id);
      }
    }
  }
});

test('when one long history uses the budget up, the subscribers it left are read by branches', async () => {
  // The budget is 12 × SCAN_ROWS_PER_OWNER rows; subscriber 7 alone has 400.
  statements.length = 0;
  const scanned = await loadRelationPages(recording, TICKET_SPEC, ids, page(2));
  expect(statements).toHaveLength(2);
  expect(statements[0]).toMatch(new RegExp(`LIMIT ${12 * SCAN_ROWS_PER_OWNER + 1}$`));
  expect(statements[1]).toMatch(/UNION ALL/);
  expect(idsOf(scanned)).toEqual(idsOf(await loadRelationPages(recording, BY_BRANCHES, ids, page(2))));
  expect(scanned[7]).toHaveLength(3);
});

/**
 * Rows this connection has read along an index so far (MariaDB's handler counters; the
 * random reads are left out, since SHOW STATUS itself makes them).
 */
async function rowsRead(): Promise<number> {
  const rows: { Variable_name: string; Value: string }[] = await runner.query(
    "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_next', 'Handler_read_prev')",
  );
  return rows.reduce((sum, row) => sum + Number(row.Value), 0);
}

test('the scan reads in index order, so the budget bounds the rows it reads, filtered or not', async () => {
  // Subscriber 7's 400 tickets: a scan that sorts reads all of them before its LIMIT. In
  // order, it reads at most its budget, and the branches after it 3 rows an owner.
  const bound = 12 * SCAN_ROWS_PER_OWNER + 1 + 12 * 3;
  const over: { filtered: boolean; read: number }[] = [];
  for (const filters of [[], OPEN]) {
    const before = await rowsRead();
    await loadRelationPages(recording, TICKET_SPEC, ids, page(2), filters);
    const read = (await rowsRead()) - before;
    if (read > bound) over.push({ filtered: filters.length > 0, read });
  }
  expect(over).toEqual([]);
});

test('no owners, no statement', async () => {
  expect(await loadRelationPages(recording, TICKET_SPEC, [], page(5))).toEqual([]);
  expect(statements).toHaveLength(0);
});
