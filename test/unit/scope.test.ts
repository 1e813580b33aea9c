import { Role } from '../../src/auth/roles';
import { ownSubscriberScope, verificationScope } from '../../src/access/scope';

describe('scopes (docs/design.md section 2)', () => {
  test('a customer reaches its own rows only; staff are not narrowed', () => {
    expect(ownSubscriberScope({ role: Role.CUSTOMER, actorId: '5' })).toBe('5');
    expect(ownSubscriberScope({ role: Role.ADMIN, actorId: 'a' })).toBeNull();
  });

  test('SUPPORT sees the verifications it granted; COMPLIANCE sees all', () => {
    expect(verificationScope({ role: Role.SUPPORT, actorId: 'a' })).toBe('a');
    expect(verificationScope({ role: Role.COMPLIANCE, actorId: 'c' })).toBeNull();
  });
});
