import { Role } from '../../../src/auth/roles';
import * as decisions from '../../../src/access/decisions';
import { DataCategory } from '../../../src/access/categories';
import { harnessForFile } from '../../helpers/harness';
import { insertHistory, insertSubscriber } from '../../helpers/fixtures';

/**
 * docs/design.md section 7: a category decision that depends on the row is made per row;
 * one that the caller's role makes for every row alike is made once per request. Made
 * afresh in each request either way.
 */
const h = harnessForFile();
let ids: string[] = [];

beforeAll(async () => {
  ids = [];
  for (let i = 0; i < 12; i++) {
    const s = await insertSubscriber(h.db);
    await insertHistory(h.db, s.id, { sessions: 2, payments: 0, tickets: 1 });
    ids.push(s.id);
  }
});

const PAGE = `{ subscribers(first: 12) { edges { node { id
  sessions(first: 2) { edges { node { startedAt } } }
  supportTickets(first: 2) { edges { node { subject } } } } } } }`;

function usageDecisions(spy: jest.SpyInstance): number {
  return spy.mock.calls.filter(([, category]) => category === DataCategory.USAGE).length;
}

test('ADMIN and SUPPORT: sessions of twelve subscribers are decided once, in each request', async () => {
  const spy = jest.spyOn(decisions, 'decideCategory');
  try {
    for (const role of [Role.ADMIN, Role.SUPPORT]) {
      for (let request = 0; request < 2; request++) {
        spy.mockClear();
        const result = await h.run<{ subscribers: { edges: { node: { sessions: unknown } }[] } }>(PAGE, {
          token: await h.token(role),
        });
        expect(result.errors).toBeUndefined();
        expect(result.data?.subscribers.edges).toHaveLength(12);
        expect(result.data?.subscribers.edges.every((e) => e.node.sessions !== null)).toBe(true);
        expect([role, usageDecisions(spy)]).toEqual([role, 1]);
      }
    }
  } finally {
    spy.mockRestore();
  }
});

test('COMPLIANCE, whose reads depend on each subscriber’s exceptions, is decided per subscriber', async () => {
  const spy = jest.spyOn(decisions, 'decideCategory');
  try {
    const result = await h.run<{ subscribers: { edges: unknown[] } }>(PAGE, {
      token: await h.token(Role.COMPLIANCE),
    });
    expect(result.data?.subscribers.edges).toHaveLength(12);
    // No exception covers USAGE: every subscriber's sessions are refused, each on its own.
    const refused = (result.errors ?? []).filter((e) => e.path?.[4] === 'sessions');
    expect(refused).toHaveLength(12);
    expect(usageDecisions(spy)).toBe(12);
  } finally {
    spy.mockRestore();
  }
});

test('a CUSTOMER is decided on the row: own sessions served, and one decision per owner', async () => {
  const spy = jest.spyOn(decisions, 'decideCategory');
  try {
    const result = await h.run<{ me: { sessions: { edges: unknown[] } } }>(
      '{ me { id sessions(first: 2) { edges { node { startedAt } } } } }',
      { token: await h.token(Role.CUSTOMER, ids[3]) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.sessions.edges).toHaveLength(2);
    expect(
      spy.mock.calls.filter(([, c, owner]) => c === DataCategory.USAGE && owner === ids[3]),
    ).toHaveLength(1);
  } finally {
    spy.mockRestore();
  }
});
