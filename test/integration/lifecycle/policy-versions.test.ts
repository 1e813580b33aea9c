import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../../src/auth/roles';
import { clock, DAY_MS } from '../../../src/common/clock';
import { errorOf, Harness, startHarness } from '../../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.db.query('DELETE FROM policy_versions WHERE version > 1');
  await h.close();
});
afterEach(() => clock.reset());

const CURRENT = `{ privacyPolicy { version body effectiveAt } }`;
const ALL = `{ policyVersions { version summary postedAt effectiveAt } }`;
const POST = `mutation($body: String!, $summary: String) { postPolicyVersion(body: $body, summary: $summary) { version summary postedAt effectiveAt } }`;
const iso = (value: unknown) => new Date(value as string).toISOString();

describe('privacy policy versions', () => {
  test('version 1 is the published policy, in effect, readable without a token', async () => {
    const published = readFileSync(
      join(__dirname, '..', '..', '..', 'src', 'modules', 'policy', 'privacy-policy.v1.txt'),
      'utf8',
    );
    const result = await h.run(CURRENT, { token: null });
    expect(result.errors).toBeUndefined();
    const policy = (result.data as { privacyPolicy: { version: number; body: string } }).privacyPolicy;
    expect(policy.version).toBe(1);
    expect(policy.body).toBe(published.trim());
    expect(policy.body).toContain('effective 30 days after notice of them is posted');
  });

  test('a new version takes effect 30 days after posting, never sooner', async () => {
    clock.freeze(new Date('2027-05-01T09:00:00.000Z'));
    const posted = await h.run(POST, {
      token: await h.token(Role.COMPLIANCE),
      variables: { body: 'New policy text', summary: 'Clarifies retention' },
    });
    expect(posted.errors).toBeUndefined();
    const version = (
      posted.data as { postPolicyVersion: { version: number; postedAt: unknown; effectiveAt: unknown } }
    ).postPolicyVersion;
    expect(version.version).toBe(2);
    expect(iso(version.postedAt)).toBe('2027-05-01T09:00:00.000Z');
    expect(iso(version.effectiveAt)).toBe('2027-05-31T09:00:00.000Z');
    // Upcoming: listed, but version 1 is still the one in effect.
    const all = await h.run(ALL, { token: null });
    expect(
      (all.data as { policyVersions: { version: number }[] }).policyVersions.map((v) => v.version),
    ).toEqual([1, 2]);
    clock.advance(30 * DAY_MS - 1);
    expect(
      ((await h.run(CURRENT, { token: null })).data as { privacyPolicy: { version: number } }).privacyPolicy
        .version,
    ).toBe(1);
    clock.advance(1);
    expect(
      ((await h.run(CURRENT, { token: null })).data as { privacyPolicy: { version: number } }).privacyPolicy
        .version,
    ).toBe(2);
  });

  test('only ADMIN and COMPLIANCE post; an empty body is refused', async () => {
    for (const role of [Role.SUPPORT, Role.CUSTOMER]) {
      const denied = await h.run(POST, { token: await h.token(role), variables: { body: 'x' } });
      expect(errorOf(denied)?.reason).toBe('ROLE_NOT_PERMITTED');
    }
    expect(errorOf(await h.run(POST, { token: null, variables: { body: 'x' } }))?.reason).toBe(
      'TOKEN_MISSING',
    );
    const empty = await h.run(POST, { token: await h.token(Role.ADMIN), variables: { body: '   ' } });
    expect(errorOf(empty)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
  });
});
