import { GraphQLObjectType } from 'graphql';
import { Role } from '../../../src/auth/roles';
import { buildBareSchema } from '../../../src/schema';
import { exportSettings } from '../../../src/modules/export/data-export.service';
import { harnessForFile } from '../../helpers/harness';
import { insertFullAccount, restoreExportPageSizeAfterEach } from '../../helpers/lifecycle-fixtures';
import { entriesSince, insertException, insertVerification, logMark } from '../../helpers/privacy-fixtures';
import { fullSelection, stepsOf } from '../../helpers/type-walk';

/**
 * The export is the API's own reads, not a copy of them: every field of every type below
 * Subscriber is in the document (or listed under notIncluded with the rule that refused
 * it), and the access log records the export exactly as it records the same reads made
 * through the API.
 */
const h = harnessForFile({ reset: 'each' });
restoreExportPageSizeAfterEach();

const schema = buildBareSchema();
const SUBSCRIBER = schema.getType('Subscriber') as GraphQLObjectType;

type Json = Record<string, unknown>;
interface ExportDocument {
  subscriber: Json;
  notIncluded: { field: string; reason: string }[];
}

/** An account with a row in every table below Subscriber, its billing gate open to the customer. */
async function fullAccount(): Promise<string> {
  const { account } = await insertFullAccount(h.db);
  const [ticket] = await h.db.query(
    `INSERT INTO support_tickets (subscriber_id, subject, status, opened_by, created_at, updated_at)
     VALUES (?, 'Second ticket', 'RESOLVED', ?, NOW(3), NOW(3)) RETURNING id`,
    [account.id, account.id],
  );
  await h.db.query(
    `INSERT INTO ticket_messages (ticket_id, author_id, author_role, body, channel, created_at)
     VALUES (?, 'support-1', 'SUPPORT', 'Solved', 'CHAT', NOW(3))`,
    [ticket.id],
  );
  await h.db.query(
    `INSERT INTO retention_holds (subscriber_id, reason, note, placed_by, placed_at)
     VALUES (?, 'LEGAL_OBLIGATION', 'Case 7', 'officer-1', NOW(3))`,
    [account.id],
  );
  await insertException(h.db, {
    subscriberId: account.id,
    status: 'ACTIVE',
    categories: ['USAGE'],
    requestedBy: 'officer-1',
    approvedBy: 'officer-2',
  });
  await insertVerification(h.db, {
    subscriberId: account.id,
    grantedTo: account.id,
    verifiedBy: 'support-1',
  });
  return account.id;
}

async function exportOf(subscriberId: string): Promise<{ doc: ExportDocument; requestMark: number }> {
  const requestMark = await logMark(h.db);
  const result = await h.run('{ myDataExport { json } }', {
    token: await h.token(Role.CUSTOMER, subscriberId),
  });
  expect(result.errors).toBeUndefined();
  const json = (result.data as { myDataExport: { json: string } }).myDataExport.json;
  return { doc: JSON.parse(json) as ExportDocument, requestMark };
}

/**
 * Walks the types and the document together: a field missing from the document and not
 * listed under notIncluded is reported, and so is a list the fixture left empty (it would
 * hide the fields of its items from the walk).
 */
function missingFields(
  type: GraphQLObjectType,
  value: Json,
  path: string[],
  at: string,
  withheld: Set<string>,
  problems: string[],
): void {
  for (const step of stepsOf(type, path)) {
    const where = at ? `${at}.${step.field.name}` : step.field.name;
    if (withheld.has(where)) continue;
    if (!(step.field.name in value)) {
      problems.push(`${type.name}.${step.field.name}`);
      continue;
    }
    const child = value[step.field.name];
    if (!step.child) continue;
    const items = step.list ? (child as Json[] | null) : [child as Json | null];
    if (!items || items.length === 0 || items.some((item) => item === null)) {
      problems.push(`fixture leaves ${where} empty`);
      continue;
    }
    for (const item of items) {
      missingFields(step.child, item as Json, [...path, type.name], where, withheld, problems);
    }
  }
}

test('every field of every type below Subscriber is exported or listed as not included', async () => {
  const id = await fullAccount();
  exportSettings.pageSize = 2; // several pages of sessions, payments and tickets
  const { doc } = await exportOf(id);
  const withheld = new Set(doc.notIncluded.map((n) => n.field));
  const problems: string[] = [];
  missingFields(SUBSCRIBER, doc.subscriber, [], '', withheld, problems);
  expect(problems).toEqual([]);
  // Only what the API refuses a customer is left out, each with the rule's reason.
  expect(doc.notIncluded.map((n) => [n.field, n.reason]).sort()).toEqual([
    ['disclosureExceptions', 'ROLE_NOT_PERMITTED'],
    ['identityVerifications', 'ROLE_NOT_PERMITTED'],
    ['retentionHolds', 'ROLE_NOT_PERMITTED'],
  ]);
  expect((doc.subscriber.sessions as unknown[]).length).toBe(4);
  expect((doc.subscriber.payments as unknown[]).length).toBe(2);
});

test('a field refused by the API is refused in the export with the same reason', async () => {
  const id = await fullAccount();
  const { doc } = await exportOf(id);
  const token = await h.token(Role.CUSTOMER, id);
  for (const { field, reason } of doc.notIncluded) {
    const result = await h.run(`{ me { ${field} { __typename } } }`, { token });
    expect({ field, reason: result.errors?.[0]?.extensions?.reason }).toEqual({ field, reason });
  }
});

/** The same reads as the export, through the API: `me` with every field (the fixture's lists fit in 10). */
const API_READS = `{ me { ${fullSelection(SUBSCRIBER, [], 10)} } }`;

const comparable = (entries: Awaited<ReturnType<typeof entriesSince>>) =>
  entries
    .map(({ operation: _operation, ...entry }) => ({ ...entry, fields: [...entry.fields].sort() }))
    .sort((a, b) => `${a.category}${a.basis}`.localeCompare(`${b.category}${b.basis}`));

test.each([
  ['the billing gate open', true],
  ['the billing gate closed', false],
])("the export's access-log entries equal the API's for the same reads, %s", async (_label, open) => {
  const id = await fullAccount();
  if (!open) await h.db.query('DELETE FROM identity_verifications WHERE granted_to = ?', [id]);
  exportSettings.pageSize = 1;
  const { requestMark } = await exportOf(id);
  const exported = await entriesSince(h.db, requestMark);

  const apiMark = await logMark(h.db);
  const api = await h.run(API_READS, { token: await h.token(Role.CUSTOMER, id) });
  expect((api.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]);
  expect(api.data?.me).toBeTruthy();
  const read = await entriesSince(h.db, apiMark);

  expect(comparable(exported)).toEqual(comparable(read));
  expect(exported.every((entry) => entry.operation === 'myDataExport')).toBe(true);
  if (open) {
    expect(exported.map((e) => [e.category, e.basis])).toEqual([['BILLING', 'ID_VERIFICATION']]);
    expect(exported[0].fields).toEqual(
      expect.arrayContaining(['Subscriber.billing', 'BillingProfile.cardLast4', 'Payment.paidAt']),
    );
  } else {
    expect(exported).toEqual([]);
  }
});
