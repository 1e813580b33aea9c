import { Writable } from 'node:stream';
import pino from 'pino';
import { Role } from '../../../src/auth/roles';
import { config } from '../../../src/config';
import { createServer, AppServer } from '../../../src/server';
import { startHarness, Harness } from '../../helpers/harness';

/**
 * Finding 7 of issue 10: the request id stored in the access log is the server's own. A
 * client's x-request-id (say, copied from someone else's request) is logged beside it,
 * never stored instead of it.
 */
let h: Harness;
let logged: Record<string, unknown>[];
let server: AppServer;

beforeAll(async () => {
  h = await startHarness();
  logged = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
      done();
    },
  });
  server = await createServer({ db: h.db, config: config(), log: pino({ level: 'info' }, sink) });
});
afterAll(async () => {
  await server.apollo.stop();
  await h.close();
});

const readLog = async (requestIdHeader: string) =>
  server.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await h.token(Role.COMPLIANCE, 'officer-7')}`,
      'x-request-id': requestIdHeader,
    },
    payload: JSON.stringify({ query: '{ accessLog(first: 1) { totalCount } }' }),
  });

test("a client's x-request-id is never stored as the access log's request id", async () => {
  const borrowed = 'a1b2c3d4-0000-4000-8000-000000000042';
  const response = await readLog(borrowed);
  expect(response.statusCode).toBe(200);
  const ours = response.headers['x-request-id'];
  expect(ours).toMatch(/^[0-9a-f-]{36}$/);
  expect(ours).not.toBe(borrowed);

  const [entry] = await h.db.query(
    `SELECT request_id FROM access_log WHERE actor_id = 'officer-7' ORDER BY id DESC LIMIT 1`,
  );
  expect(entry.request_id).toBe(ours);
  const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM access_log WHERE request_id = ?', [borrowed]);
  expect(Number(n)).toBe(0);
});

test("the client's id is logged beside the server's, for correlation", async () => {
  const theirs = 'client-trace-7f3a';
  const response = await readLog(theirs);
  const line = logged.find((l) => l.msg === 'graphql request' && l.clientRequestId === theirs);
  expect(line).toBeDefined();
  expect(line!.requestId).toBe(response.headers['x-request-id']);
});

test('a client id that is not a plausible id is left out of the log', async () => {
  const before = logged.length;
  await readLog('x'.repeat(200));
  const lines = logged.slice(before).filter((l) => l.msg === 'graphql request');
  expect(lines).toHaveLength(1);
  expect(lines[0].clientRequestId).toBeUndefined();
});
