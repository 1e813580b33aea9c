import { Role } from '../../../src/auth/roles';
import { harnessForFile, errorOf } from '../../helpers/harness';
import { asDatabaseOwner } from '../../helpers/tamper';
import { insertSubscriber } from '../../helpers/fixtures';
import {
  entriesSince,
  insertBillingSubscriber,
  insertVerification,
  logMark,
} from '../../helpers/privacy-fixtures';

/** The access log through the API (docs/design.md section 3): fail closed, queries, concurrency, tampering. */
const h = harnessForFile();

const BILLING_READ = `query Q($id: ID!) { subscriber(id: $id) { name billing { cardLast4 } payments { totalCount } } }`;

const verifiedSubscriber = (actor: string) => insertBillingSubscriber(h.db, { verifiedFor: actor });

describe('fail closed', () => {
  test('when the log insert fails, the billing read is withheld and the request fails', async () => {
    const s = await verifiedSubscriber('billing-f');
    const token = await h.token(Role.BILLING, 'billing-f');
    const mark = await logMark(h.db);
    await h.db.query(
      `CREATE TRIGGER access_log_refuse BEFORE INSERT ON access_log_entries FOR EACH ROW
       SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused for the test'`,
    );
    try {
      const response = await h.server.http.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        payload: { query: BILLING_READ, variables: { id: s.id } },
      });
      expect(response.statusCode).toBe(500);
      const body = response.json();
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'INTERNAL_SERVER_ERROR',
            reason: 'ACCESS_LOG_UNAVAILABLE',
          }),
        }),
      ]);
      expect(response.body).not.toContain('4242');
      expect(response.body).not.toContain(s.name!);
    } finally {
      await h.db.query('DROP TRIGGER access_log_refuse');
    }
    expect(await entriesSince(h.db, mark)).toEqual([]);
    const retry = await h.run(BILLING_READ, { token, variables: { id: s.id } });
    expect(retry.data?.subscriber).toMatchObject({ billing: { cardLast4: '4242' } });
  });

  test('a change whose log entry cannot be written is rolled back', async () => {
    const s = await insertSubscriber(h.db);
    await insertVerification(h.db, { subscriberId: s.id, grantedTo: 'support-f' });
    await h.db.query(
      `CREATE TRIGGER access_log_refuse BEFORE INSERT ON access_log_entries FOR EACH ROW
       SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused for the test'`,
    );
    try {
      const result = await h.run(
        `mutation C($id: ID!) { updateContactInfo(subscriberId: $id, input: { name: "Changed Name" }) { name } }`,
        { token: await h.token(Role.SUPPORT, 'support-f'), variables: { id: s.id } },
      );
      expect(errorOf(result)?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await h.db.query('DROP TRIGGER access_log_refuse');
    }
    const [row] = await h.db.query('SELECT name FROM subscribers WHERE id = ?', [s.id]);
    expect(row.name).toBe(s.name);
  });
});

describe('accessLog and verifyAccessLog', () => {
  test('COMPLIANCE and ADMIN only; filtered and paged; every read of the log is logged', async () => {
    const s = await verifiedSubscriber('billing-q');
    await h.run(BILLING_READ, { token: await h.token(Role.BILLING, 'billing-q'), variables: { id: s.id } });
    for (const role of [Role.SUPPORT, Role.BILLING, Role.REPORTING, Role.CUSTOMER]) {
      const denied = await h.run(`{ accessLog { totalCount } verifyAccessLog { ok } }`, {
        token: await h.token(role),
      });
      expect(denied.data).toBeNull();
      expect(denied.errors?.length).toBeGreaterThan(0);
    }
    const token = await h.token(Role.COMPLIANCE, 'officer-q');
    const mark = await logMark(h.db);
    const page = await h.run<{
      accessLog: { totalCount: number; edges: { node: Record<string, unknown> }[] };
    }>(
      `query L($s: ID) { accessLog(first: 10, subscriberId: $s) { totalCount edges { node {
         actorId actorRole subscriberId category fields basis operation hash } } } }`,
      { token, variables: { s: s.id } },
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.accessLog.totalCount).toBe(1);
    expect(page.data!.accessLog.edges[0].node).toMatchObject({
      actorId: 'billing-q',
      subscriberId: s.id,
      category: 'BILLING',
      basis: 'ID_VERIFICATION',
      fields: ['BillingProfile.cardLast4', 'Subscriber.billing', 'Subscriber.payments'],
    });
    const byActor = await h.run<{ accessLog: { totalCount: number } }>(
      `{ accessLog(actorId: "billing-q") { totalCount } }`,
      { token },
    );
    expect(byActor.data?.accessLog.totalCount).toBe(1);
    expect(
      (await entriesSince(h.db, mark)).map((e) => [e.operation, e.category, e.subscriberId, e.actorId]),
    ).toEqual([
      ['accessLog', 'COMPLIANCE', s.id, 'officer-q'],
      ['accessLog', 'COMPLIANCE', null, 'officer-q'],
    ]);
  });

  test('50 concurrent billing reads, then the chain verifies; an edited entry is found and restored', async () => {
    const s = await verifiedSubscriber('billing-c');
    const token = await h.token(Role.BILLING, 'billing-c');
    const mark = await logMark(h.db);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => h.run(BILLING_READ, { token, variables: { id: s.id } })),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect(await entriesSince(h.db, mark)).toHaveLength(50);
    const admin = await h.token(Role.ADMIN, 'admin-c');
    const verify = `{ verifyAccessLog { ok checked firstBrokenId } }`;
    const ok = await h.run<{ verifyAccessLog: { ok: boolean; checked: number } }>(verify, { token: admin });
    expect(ok.data?.verifyAccessLog).toMatchObject({ ok: true, firstBrokenId: null });
    expect(ok.data!.verifyAccessLog.checked).toBeGreaterThanOrEqual(50);

    const target = mark + 10;
    const [{ fields }] = await h.db.query('SELECT fields FROM access_log WHERE id = ?', [target]);
    await asDatabaseOwner(h.db, async () => {
      await h.db.query(`UPDATE access_log SET fields = '["Subscriber.name"]' WHERE id = ?`, [target]);
      try {
        const broken = await h.run(verify, { token: admin });
        expect(broken.data?.verifyAccessLog).toEqual({
          ok: false,
          checked: target - 1,
          firstBrokenId: String(target),
        });
      } finally {
        await h.db.query('UPDATE access_log SET fields = ? WHERE id = ?', [fields, target]);
      }
    });
    const restored = await h.run<{ verifyAccessLog: { ok: boolean } }>(verify, { token: admin });
    expect(restored.data?.verifyAccessLog.ok).toBe(true);
  });
});
