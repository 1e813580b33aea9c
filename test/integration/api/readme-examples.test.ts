import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Kind, OperationDefinitionNode, parse, print } from 'graphql';
import type { DataSource } from 'typeorm';
import { config } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createDataSource } from '../../../src/data-source';
import { dropDatabase, ensureDatabase, migrateWithLock } from '../../../src/database/bootstrap';
import { AppServer, createServer } from '../../../src/server';
import { signToken } from '../../../src/auth/token';
import { isRole } from '../../../src/auth/roles';
import { testDatabaseUrl } from '../../helpers/database-url';
import { seedDemoData } from '../../helpers/demo-seed';

/**
 * Every example of README.md's "Examples" section, taken from the README itself, run
 * over HTTP against a server on freshly seeded demo data. The seed gives each subscriber
 * a random stream of its own, so the first 1 000 subscribers here are those of the
 * default `npm run seed` (fewer sessions and tickets keep it quick).
 */
const url = `${testDatabaseUrl()}_readme`;
const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Examples\n'),
  readme.indexOf('\n## ', readme.indexOf('## Examples\n') + 1),
);
const blocks = (language: string) =>
  [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

/** The role and subject of the `npm run token` command a block names. */
function tokenOf(text: string): { role: string; sub: string } {
  const match = /npm run -s token -- --role (\w+) --sub ([\w-]+)/.exec(text);
  if (!match || !isRole(match[1])) throw new Error(`no token command in:\n${text}`);
  return { role: match[1], sub: match[2] };
}

let db: DataSource;
let server: AppServer;
let endpoint: string;

beforeAll(async () => {
  await ensureDatabase(url);
  db = createDataSource({ url, poolSize: 4, replicaUrls: [] });
  await db.initialize();
  await migrateWithLock(db);
  await seedDemoData(url, {
    subscribers: 1000,
    sessionsPerSubscriber: 2,
    ticketsPerSubscriber: 1,
    inquiriesPerSubscriber: 1,
    seed: 42,
  });
  server = await createServer({ db, config: config(), log: createLogger('silent') });
  await server.http.listen({ port: 0, host: '127.0.0.1' });
  endpoint = `http://127.0.0.1:${(server.http.server.address() as AddressInfo).port}/graphql`;
}, 120_000);

afterAll(async () => {
  await server?.apollo.stop();
  await db?.destroy();
  await dropDatabase(url);
});

async function post(who: { role: string; sub: string }, body: Record<string, unknown>) {
  const token = await signToken(server.tokenSettings, who as { role: never; sub: string });
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Record<string, never>; errors?: unknown[] };
}

test('the README has the examples this test runs', () => {
  expect(blocks('sh')).toHaveLength(1);
  expect(blocks('graphql').length).toBeGreaterThanOrEqual(4);
});

test('the curl example finds subscribers by its search term', async () => {
  const [shell] = blocks('sh');
  const body = JSON.parse(/-d '(.*)'/.exec(shell)![1]);
  const result = await post(tokenOf(shell), body);
  expect(result.errors).toBeUndefined();
  expect(result.data!.subscribers).toMatchObject({ totalCount: expect.any(Number) });
  expect((result.data!.subscribers as { totalCount: number }).totalCount).toBeGreaterThan(0);
});

test('every graphql example runs without an error, in order, as the token it names', async () => {
  let ticketId: string | undefined;
  const ran: string[] = [];
  for (const block of blocks('graphql')) {
    const who = tokenOf(block);
    for (const operation of parse(block).definitions as OperationDefinitionNode[]) {
      expect(operation.kind).toBe(Kind.OPERATION_DEFINITION);
      const name = operation.name!.value;
      const needsTicket = operation.variableDefinitions?.some((v) => v.variable.name.value === 'ticketId');
      const result = await post(who, {
        query: print(operation),
        operationName: name,
        variables: needsTicket ? { ticketId } : {},
      });
      expect({ name, errors: result.errors }).toEqual({ name, errors: undefined });
      const data = result.data!;
      if (data.subscribers)
        expect((data.subscribers as { totalCount: number }).totalCount).toBeGreaterThan(0);
      if ('me' in data) expect(data.me).toMatchObject({ name: expect.any(String) });
      if (data.openSupportTicket) ticketId = (data.openSupportTicket as { id: string }).id;
      if (data.setTicketStatus)
        expect(data.setTicketStatus).toMatchObject({ id: ticketId, status: 'RESOLVED' });
      ran.push(name);
    }
  }
  expect(ran).toEqual(['Dashboard', 'Me', 'OpenTicket', 'AnswerTicket', 'ResolveTicket']);
  // The agent answered the customer's own new ticket, no one else's.
  const [owner] = await db.query('SELECT subscriber_id FROM support_tickets WHERE id = ?', [ticketId]);
  expect(String(owner.subscriber_id)).toBe('2');
});
