import { Role } from '../../../src/auth/roles';
import { DataCategory } from '../../../src/access/categories';
import { AccessBasis } from '../../../src/access/basis';
import { appendAccessLogNow, verifyAccessLog } from '../../../src/access-log/access-log.service';
import { startHarness, Harness } from '../../helpers/harness';
import { asDatabaseOwner } from '../../helpers/tamper';
import { loggedOnlySubscriberId } from '../../helpers/privacy-fixtures';
import { newRequestStore } from '../../../src/common/request-store';
import { requestDataSource } from '../../../src/database/request-database';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const record = (i: number) => ({
  subscriberId: loggedOnlySubscriberId(i),
  category: DataCategory.BILLING,
  fields: ['billing.cardLast4'],
  basis: AccessBasis.ID_VERIFICATION,
  operation: 'subscriber',
});

describe('the access log hash chain', () => {
  test('concurrent appends never fork the chain', async () => {
    const actor = { actorId: 'billing-1', role: Role.BILLING };
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        appendAccessLogNow(h.db, actor, `req-${i}`, [record(i), record(i + 1)]),
      ),
    );
    const verification = await verifyAccessLog(h.db);
    expect(verification.ok).toBe(true);
    expect(verification.checked).toBeGreaterThanOrEqual(100);
  });

  test('appends that arrive while one commits are written together, and each still resolves after its commit', async () => {
    const actor = { actorId: 'billing-1', role: Role.BILLING };
    const stores = Array.from({ length: 20 }, (_, i) => newRequestStore(`group-${i}`));
    const written = await Promise.all(
      stores.map((store, i) =>
        appendAccessLogNow(requestDataSource(h.db, store), actor, store.requestId, [record(i)]),
      ),
    );
    // One transaction each would be 20 × 6 statements (isolation, begin, head lock, insert,
    // head, commit); the first commits alone, the 19 that came meanwhile together.
    const statements = stores.reduce((sum, store) => sum + store.sqlStatements, 0);
    expect(statements).toBeLessThanOrEqual(12);
    for (const [i, rows] of written.entries()) {
      expect(rows).toHaveLength(1);
      const [stored] = await h.db.query('SELECT request_id FROM access_log WHERE id = ?', [rows[0].id]);
      expect(stored.request_id).toBe(`group-${i}`);
    }
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });

  test('an entry edited with SQL is found, with the first broken id', async () => {
    const [{ id }] = await h.db.query('SELECT MIN(id) + 3 AS id FROM access_log');
    const [{ actor_id: original }] = await h.db.query('SELECT actor_id FROM access_log WHERE id = ?', [id]);
    await asDatabaseOwner(h.db, async () => {
      await h.db.query(`UPDATE access_log SET actor_id = 'someone-else' WHERE id = ?`, [id]);
      try {
        const verification = await verifyAccessLog(h.db);
        expect(verification).toMatchObject({ ok: false, checked: Number(id) - 1, firstBrokenId: String(id) });
      } finally {
        // Put it back, so that later test files see an intact chain.
        await h.db.query('UPDATE access_log SET actor_id = ? WHERE id = ?', [original, id]);
      }
    });
    expect((await verifyAccessLog(h.db)).ok).toBe(true);
  });
});
