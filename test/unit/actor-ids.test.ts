import { Role } from '../../src/auth/roles';
import { subjectProblem } from '../../src/auth/subject';
import { mayBeSameActor } from '../../src/access/disclosure';

/** docs/design.md section 2, "Actor ids": which `sub` values are actor ids, and four eyes on look-alikes. */
describe('subjectProblem', () => {
  test.each(['agent-7', 'officer-1', 'auth0|5f7c8ec7c33c6c004bbafe82', 'Ärztin 1', 'a'.repeat(64)])(
    'accepts the staff id %j',
    (sub) => expect(subjectProblem(sub, Role.SUPPORT)).toBeNull(),
  );

  test.each([
    '',
    ' agent-7',
    'agent-7 ',
    'agent-7\n',
    '\u00a0agent-7',
    'agent\u0000-7',
    'agent\u200b-7',
    'a'.repeat(65),
  ])('refuses the staff id %j', (sub) => expect(subjectProblem(sub, Role.COMPLIANCE)).not.toBeNull());

  test.each(['1', '2', '42', '9223372036854775807'])('accepts the customer id %j', (sub) =>
    expect(subjectProblem(sub, Role.CUSTOMER)).toBeNull(),
  );

  test.each([
    '0',
    '02',
    '2abc',
    '2 ',
    ' 2',
    '2.0',
    '2e0',
    '+2',
    '-2',
    '0x2',
    '２',
    '12345678901234567890',
    'customer-1',
  ])('refuses the customer id %j', (sub) => expect(subjectProblem(sub, Role.CUSTOMER)).not.toBeNull());

  test('never echoes the subject', () => {
    expect(subjectProblem('secret-value ', Role.ADMIN)).not.toContain('secret-value');
  });
});

describe('mayBeSameActor (four eyes fails closed)', () => {
  test.each([
    ['officer-1', 'officer-1'],
    ['officer-1', 'OFFICER-1'],
    ['officer-1', 'ｏｆｆｉｃｅｒ-1'],
    ['strasse', 'STRASSE'],
    ['straße', 'STRASSE'],
  ])('%j and %j may be one person', (a, b) => expect(mayBeSameActor(a, b)).toBe(true));

  test.each([
    ['officer-1', 'officer-2'],
    ['officer-1', 'officer-10'],
  ])('%j and %j are two people', (a, b) => expect(mayBeSameActor(a, b)).toBe(false));
});
