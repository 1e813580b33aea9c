import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createDataSource } from '../../../src/data-source';
import { signToken } from '../../../src/auth/token';
import { config } from '../../../src/config';
import { Role } from '../../../src/auth/roles';
import { resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { insertBillingProfile, insertVerification } from '../../helpers/privacy-fixtures';
import { cancelledMonthsAgo } from '../../helpers/lifecycle-fixtures';
import { graphql, ServerProcess, startServerProcess } from '../../helpers/server-process';

/**
 * Several server processes on one database (docs/design.md section 8): they append to one
 * access-log chain without losing or forking it, and two purges never process an account twice.
 */
const db = createDataSource({ poolSize: 3, replicaUrls: [] });
let instances: ServerProcess[] = [];
const token = (role: Role, sub: string) => {
  const cfg = config();
  return signToken(
    { secret: cfg.JWT_SECRET, issuer: cfg.JWT_ISSUER, audience: cfg.JWT_AUDIENCE },
    { sub, role },
    '1h',
  );
};

beforeAll(async () => {
  await db.initialize();
  await resetData(db);
  instances = await Promise.all([
    startServerProcess({ LOG_LEVEL: 'warn' }),
    startServerProcess({ LOG_LEVEL: 'warn' }),
  ]);
}, 240_000);

afterAll(async () => {
  for (const instance of instances) expect(await instance.stop()).toBe(0);
  await db.destroy();
}, 40_000);

test('concurrent audited reads and changes on two instances: one unbroken chain, each read logged once', async () => {
  const subscribers: string[] = [];
  for (let i = 0; i < 4; i++) {
    const s = await insertSubscriber(db);
    await insertBillingProfile(db, s.id);
    for (const actor of ['billing-a', 'billing-b'])
      await insertVerification(db, { subscriberId: s.id, grantedTo: actor });
    subscribers.push(s.id);
  }
  const reads: string[] = [];
  const changes: string[] = [];
  const READ = `query($id: ID!) { subscriber(id: $id) { id billing { cardLast4 } } }`;
  const CHANGE = `mutation($id: ID!, $name: String!) { updateContactInfo(subscriberId: $id, input: { name: $name }) { id } }`;
  const deadline = Date.now() + 6000;

  const worker = async (instance: ServerProcess, actor: string, w: number) => {
    const bearer = await token(Role.BILLING, actor);
    for (let i = 0; Date.now() < deadline && i < 500; i++) {
      const id = subscribers[(i + w) % subscribers.length];
      if (i % 4 === 3) {
        const changed = await graphql(instance.url, bearer, CHANGE, { id, name: `Name ${w}-${i}` });
        if (!changed.body.errors) changes.push(changed.requestId!);
      } else {
        const read = await graphql(instance.url, bearer, READ, { id });
        const data = read.body.data as { subscriber?: { billing?: { cardLast4: string } } } | undefined;
        if (!read.body.errors && data?.subscriber?.billing?.cardLast4 === '4242') reads.push(read.requestId!);
      }
    }
  };
  await Promise.all(
    instances.flatMap((instance, n) =>
      [0, 1, 2, 3].map((w) => worker(instance, n === 0 ? 'billing-a' : 'billing-b', w + n * 4)),
    ),
  );
  expect(reads.length).toBeGreaterThan(20);
  expect(changes.length).toBeGreaterThan(5);

  const compliance = await token(Role.COMPLIANCE, 'officer-verify');
  const verified = await graphql(
    instances[1].url,
    compliance,
    '{ verifyAccessLog { ok checked firstBrokenId } }',
  );
  expect(verified.body.data).toMatchObject({ verifyAccessLog: { ok: true, firstBrokenId: null } });

  const counts = async (ids: string[], category: string) => {
    const rows: { request_id: string; n: string }[] = await db.query(
      `SELECT request_id, COUNT(*) AS n FROM access_log WHERE category = ? AND request_id IN (${ids.map(() => '?').join(',')})
       GROUP BY request_id`,
      [category, ...ids],
    );
    return new Map(rows.map((row) => [row.request_id, Number(row.n)]));
  };
  const logged = await counts(reads, 'BILLING');
  expect(reads.filter((id) => logged.get(id) !== 1)).toEqual([]);
  const changed = await counts(changes, 'CONTACT');
  expect(changes.filter((id) => !changed.get(id))).toEqual([]);

  // Each instance's one-packet appends met the other's writes: appends that found the head
  // moved were made again with it locked, and the chain above still verified.
  const appends = { guarded: 0, locked: 0, head_moved: 0 };
  for (const instance of instances) {
    const text = await (await fetch(`${instance.url}/metrics`)).text();
    for (const [, path, value] of text.matchAll(
      /^kacmac_access_log_appends_total\{path="(\w+)"\} (\d+)$/gm,
    )) {
      appends[path as keyof typeof appends] += Number(value);
    }
  }
  expect(appends.head_moved).toBeGreaterThan(0);
  expect(appends.locked).toBeGreaterThanOrEqual(appends.head_moved);
}, 60_000);

test('two purges started at once on two processes erase each due account once', async () => {
  await resetData(db);
  const due: string[] = [];
  for (let i = 0; i < 6; i++) due.push((await insertSubscriber(db, cancelledMonthsAgo(13))).id);
  const root = join(__dirname, '..', '..', '..');
  const purge = () =>
    new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'src/cli/retention-purge.ts', '--batch-size', '1'],
        { cwd: root, env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' }, stdio: 'ignore' },
      );
      child.on('exit', resolve);
    });
  expect(await Promise.all([purge(), purge()])).toEqual([0, 0]);
  const rows: { subscriber_id: string; n: string }[] = await db.query(
    `SELECT subscriber_id, COUNT(*) AS n FROM access_log WHERE operation = 'retention.purge'
     AND subscriber_id IN (${due.map(() => '?').join(',')}) GROUP BY subscriber_id`,
    due,
  );
  expect(rows.map((row) => [String(row.subscriber_id), Number(row.n)]).sort()).toEqual(
    due.map((id) => [id, 1]).sort(),
  );
  const statuses: { status: string }[] = await db.query(
    `SELECT status FROM subscribers WHERE id IN (${due.map(() => '?').join(',')})`,
    due,
  );
  expect(statuses.every((row) => row.status === 'PURGED')).toBe(true);
}, 240_000);
