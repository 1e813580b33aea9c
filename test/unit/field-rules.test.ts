import { Role } from '../../src/auth/roles';
import { decideVerificationList } from '../../src/access/field-rules';

const now = new Date(Date.UTC(2026, 10, 25, 12));

describe('decideVerificationList', () => {
  test('SUPPORT, BILLING, ADMIN and COMPLIANCE may list verifications; nobody else', () => {
    for (const role of [Role.SUPPORT, Role.BILLING, Role.ADMIN, Role.COMPLIANCE]) {
      expect(decideVerificationList({ role, actorId: 'a' }, now).allowed).toBe(true);
    }
    for (const role of [Role.CUSTOMER, Role.REPORTING]) {
      expect(decideVerificationList({ role, actorId: 'a' }, now).allowed).toBe(false);
    }
    expect(decideVerificationList(null, now)).toEqual({ allowed: false, reason: 'TOKEN_MISSING' });
  });
});
