import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow, toChainedEntry } from '../../../src/access-log/access-log.service';
import { verifyAccessLog } from '../../../src/access-log/chain-verification';
import { AccessLogEntity } from '../../../src/access-log/access-log.entity';
import { accessLogKeyring } from '../../../src/access-log/access-log-keys';
import { AccessLogAnchor, takeAnchor } from '../../../src/access-log/access-log-anchor';
import { chainHash, keyedChainHash } from '../../../src/access-log/hash-chain';
import { startHarness, Harness } from '../../helpers/harness';
import { asDatabaseOwner } from '../../helpers/tamper';
import { loggedOnlySubscriberId } from '../../helpers/privacy-fixtures';

/**
 * Finding 8 of issue 10 (docs/design.md section 3): an entry edited with SQL and the chain
 * re-computed with the project's own plain `chainHash` must not verify; the database
 * refuses UPDATE and DELETE on the log; a signed anchor catches even a re-keyed rewrite.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const actor = { actorId: 'billing-1', role: Role.BILLING };
  for (let i = 0; i < 12; i++) await appendAccessLogNow(h.db, actor, `req-${i}`, [record(i)]);
});
afterAll(() => h.close());

function record(i: number) {
  return {
    subscriberId: loggedOnlySubscriberId(i + 1),
    category: DataCategory.BILLING,
    fields: ['billing.cardLast4'],
    basis: AccessBasis.ID_VERIFICATION,
    operation: 'subscriber',
  };
}

const lastId = async () =>
  Number((await h.db.query('SELECT last_id FROM access_log_head WHERE id = 1'))[0].last_id);
const rowsFrom = (id: number) =>
  h.db
    .getRepository(AccessLogEntity)
    .createQueryBuilder('l')
    .where('l.id >= :id', { id })
    .orderBy('l.id')
    .getMany();

/** Rewrites rows `from`.. and the head with `hashOf`, keeping each entry's fields; restores everything after `check`. */
async function rewriteChain(
  from: number,
  edit: string,
  hashOf: (previous: string, row: AccessLogEntity) => string,
  check: () => Promise<void>,
) {
  const saved = await rowsFrom(from);
  const [head] = await h.db.query('SELECT last_id, last_hash FROM access_log_head WHERE id = 1');
  await asDatabaseOwner(h.db, async () => {
    try {
      await h.db.query(edit, [from]);
      let previous = saved[0].prevHash;
      for (const row of await rowsFrom(from)) {
        const hash = hashOf(previous, row);
        await h.db.query('UPDATE access_log SET prev_hash = ?, hash = ? WHERE id = ?', [
          previous,
          hash,
          row.id,
        ]);
        previous = hash;
      }
      await h.db.query('UPDATE access_log_head SET last_hash = ? WHERE id = 1', [previous]);
      await check();
    } finally {
      for (const row of saved) {
        // Through the log's view, one of its two tables at a time.
        await h.db.query('UPDATE access_log SET actor_id = ?, key_id = ? WHERE id = ?', [
          row.actorId,
          row.keyId,
          row.id,
        ]);
        await h.db.query('UPDATE access_log SET prev_hash = ?, hash = ? WHERE id = ?', [
          row.prevHash,
          row.hash,
          row.id,
        ]);
      }
      await h.db.query('UPDATE access_log_head SET last_id = ?, last_hash = ? WHERE id = 1', [
        head.last_id,
        head.last_hash,
      ]);
    }
  });
  expect((await verifyAccessLog(h.db)).ok).toBe(true);
}

describe('the keyed chain', () => {
  test('every new entry is keyed: HMAC-SHA256 under ACCESS_LOG_KEY, with its key id', async () => {
    const [row] = await rowsFrom(await lastId());
    expect(row.keyId).toBe('test1');
    const keys = accessLogKeyring();
    expect(row.hash).toBe(keyedChainHash(keys.current, row.prevHash, toChainedEntry(row)));
    expect(row.hash).not.toBe(chainHash(row.prevHash, toChainedEntry(row)));
    expect(await verifyAccessLog(h.db)).toMatchObject({ ok: true, firstBrokenId: null });
  });

  test('an entry edited with SQL and the chain re-computed with plain chainHash does not verify', async () => {
    const target = (await lastId()) - 8;
    await rewriteChain(
      target,
      `UPDATE access_log SET actor_id = 'someone-else' WHERE id = ?`,
      (previous, row) => chainHash(previous, toChainedEntry(row)),
      async () => {
        expect(await verifyAccessLog(h.db)).toMatchObject({ ok: false, firstBrokenId: String(target) });
      },
    );
  });

  test('...nor when the rewritten entries are also passed off as plain legacy entries', async () => {
    const target = (await lastId()) - 8;
    await rewriteChain(
      target,
      `UPDATE access_log SET actor_id = 'someone-else', key_id = NULL WHERE id >= ?`,
      (previous, row) => chainHash(previous, toChainedEntry(row)),
      async () => {
        expect(await verifyAccessLog(h.db)).toMatchObject({
          ok: false,
          firstBrokenId: String(target),
          problem: 'a plain sha-256 entry beyond ACCESS_LOG_LEGACY_UNTIL',
        });
      },
    );
  });

  test('an entry naming a key that is not configured does not verify', async () => {
    const target = await lastId();
    await rewriteChain(
      target,
      `UPDATE access_log SET key_id = 'unknown' WHERE id = ?`,
      (_previous, row) => row.hash,
      async () => {
        expect(await verifyAccessLog(h.db)).toMatchObject({ ok: false, firstBrokenId: String(target) });
      },
    );
  });

  test('entries written under a retired key verify while that key is kept in ACCESS_LOG_PREVIOUS_KEYS', async () => {
    const rotated = accessLogKeyring({
      ACCESS_LOG_KEY: 'Nb8FUR9g6YFjUF+WBY/oAl8K4Zm++FMteVT3UuULjSM=',
      ACCESS_LOG_KEY_ID: 'test2',
      ACCESS_LOG_PREVIOUS_KEYS: { test1: process.env.ACCESS_LOG_KEY! },
      ACCESS_LOG_LEGACY_UNTIL: 0,
    });
    expect((await verifyAccessLog(h.db, { keys: rotated })).ok).toBe(true);
    const forgotten = accessLogKeyring({
      ACCESS_LOG_KEY: 'Nb8FUR9g6YFjUF+WBY/oAl8K4Zm++FMteVT3UuULjSM=',
      ACCESS_LOG_KEY_ID: 'test2',
      ACCESS_LOG_PREVIOUS_KEYS: {},
      ACCESS_LOG_LEGACY_UNTIL: 0,
    });
    expect((await verifyAccessLog(h.db, { keys: forgotten })).ok).toBe(false);
  });
});

describe('append-only in the database', () => {
  test('UPDATE and DELETE on the log are refused, even for the database owner: its view and both its tables', async () => {
    const id = await lastId();
    await expect(
      h.db.query(`UPDATE access_log SET actor_id = 'someone-else' WHERE id = ?`, [id]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      h.db.query(`UPDATE access_log SET hash = REPEAT('0', 64) WHERE id = ?`, [id]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    // A view over two tables takes no DELETE at all; each table refuses it by its trigger.
    await expect(h.db.query('DELETE FROM access_log WHERE id = ?', [id])).rejects.toThrow(
      /Can not delete from join view/,
    );
    await expect(h.db.query('DELETE FROM access_log_entries WHERE id = ?', [id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(
      h.db.query(
        'DELETE FROM access_log_groups WHERE id = (SELECT group_id FROM access_log_entries WHERE id = ?)',
        [id],
      ),
    ).rejects.toThrow(/append-only: DELETE refused/);
    await expect(
      h.db.query(`UPDATE access_log_groups SET fields = '[]' WHERE id <= ?`, [id]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    const [row] = await rowsFrom(id);
    expect(row.actorId).toBe('billing-1');
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });
});

describe('anchors', () => {
  let anchor: AccessLogAnchor;
  beforeAll(async () => {
    anchor = await takeAnchor(h.db, accessLogKeyring());
  });

  test('the anchor is the signed head: id, hash, time, key id', async () => {
    const [head] = await h.db.query('SELECT last_id, last_hash FROM access_log_head WHERE id = 1');
    expect(anchor).toMatchObject({ id: String(head.last_id), hash: head.last_hash, keyId: 'test1' });
    expect(anchor.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(anchor.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAccessLog(h.db, { anchor })).toMatchObject({ ok: true });
  });

  test('a forged or altered anchor is refused', async () => {
    const altered = { ...anchor, hash: 'f'.repeat(64) };
    expect(await verifyAccessLog(h.db, { anchor: altered })).toMatchObject({
      ok: false,
      problem: 'the anchor is not signed by a known key',
    });
    expect((await verifyAccessLog(h.db, { anchor: { ...anchor, keyId: 'other' } })).ok).toBe(false);
  });

  test('a rewrite by someone who has the key verifies on its own, but not against an older anchor', async () => {
    const target = Number(anchor.id) - 3;
    const key = accessLogKeyring().current;
    await rewriteChain(
      target,
      `UPDATE access_log SET actor_id = 'someone-else' WHERE id = ?`,
      (previous, row) => keyedChainHash(key, previous, toChainedEntry(row)),
      async () => {
        expect((await verifyAccessLog(h.db)).ok).toBe(true);
        expect(await verifyAccessLog(h.db, { anchor })).toMatchObject({
          ok: false,
          firstBrokenId: anchor.id,
          problem: 'the entry differs from the anchor',
        });
      },
    );
  });

  test('verifyAccessLog(anchor:) checks against an anchor through the API; a bad one is BAD_USER_INPUT', async () => {
    const officer = await h.token(Role.COMPLIANCE, 'officer-anchor');
    const verify = `query V($anchor: String) { verifyAccessLog(anchor: $anchor) { ok firstBrokenId } }`;
    const good = await h.run(verify, { token: officer, variables: { anchor: JSON.stringify(anchor) } });
    expect(good.data?.verifyAccessLog).toEqual({ ok: true, firstBrokenId: null });
    const forged = await h.run(verify, {
      token: officer,
      variables: { anchor: JSON.stringify({ ...anchor, hash: 'e'.repeat(64) }) },
    });
    expect(forged.data?.verifyAccessLog).toEqual({ ok: false, firstBrokenId: null });
    const garbage = await h.run(verify, { token: officer, variables: { anchor: 'not json' } });
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'anchor' });
  });

  test('the log may grow after an anchor; it verifies against it still', async () => {
    await appendAccessLogNow(h.db, { actorId: 'billing-2', role: Role.BILLING }, 'req-after', [record(99)]);
    expect(await verifyAccessLog(h.db, { anchor })).toMatchObject({ ok: true });
  });

  test('npm run access-log:anchor prints it; npm run access-log:verify checks against it', () => {
    const root = join(__dirname, '..', '..', '..');
    const run = (script: string, args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], {
        cwd: root,
        env: process.env,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const printed = run('src/cli/access-log-anchor.ts', []);
    expect(printed.status).toBe(0);
    const line = printed.stdout.trim();
    expect(JSON.parse(line)).toMatchObject({
      id: expect.any(String),
      hash: expect.any(String),
      keyId: 'test1',
    });
    const good = run('src/cli/access-log-verify.ts', ['--anchor', line]);
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true });
    const printedAnchor = JSON.parse(line) as AccessLogAnchor;
    const otherHash = (printedAnchor.hash[0] === 'a' ? 'b' : 'a') + printedAnchor.hash.slice(1);
    const forged = run('src/cli/access-log-verify.ts', [
      '--anchor',
      JSON.stringify({ ...printedAnchor, hash: otherHash }),
    ]);
    expect(forged.status).toBe(1);
    expect(JSON.parse(forged.stdout)).toMatchObject({ ok: false });
  }, 120_000);
});
