import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLResolveInfo, isNonNullType } from 'graphql';
import { buildBareSchema } from '../../src/schema';
import { Role } from '../../src/auth/roles';
import { MUTATION_ACCESS } from '../../src/access/operations';
import { isUntargeted, MUTATION_GUARDS } from '../../src/access/mutation-guards';
import { mutationGuardMiddleware } from '../../src/access/mutation-guard';
import { AccountStatus } from '../../src/access/account-status';
import type { AppContext } from '../../src/context';

/**
 * docs/design.md section 2, "Mutation guards are data": every mutation of the emitted schema
 * declares its target, reach, accepted states and verification; nothing is left to a
 * service to remember.
 */
const emitted = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
const mutations = Object.values(emitted.getMutationType()!.getFields());

test.each(mutations.map((field) => [field.name]))('%s declares its guard', (name) => {
  expect(MUTATION_GUARDS[name]).toBeDefined();
  expect(MUTATION_ACCESS[name]).toBeDefined();
});

test('no declaration names a mutation the schema does not have', () => {
  const names = new Set(mutations.map((field) => field.name));
  expect(Object.keys(MUTATION_GUARDS).filter((name) => !names.has(name))).toEqual([]);
  // The schema built from the code has the same mutations as the emitted file.
  expect(Object.keys(buildBareSchema().getMutationType()!.getFields()).sort()).toEqual([...names].sort());
});

test('every targeted guard reads an argument the mutation has', () => {
  for (const field of mutations) {
    const guard = MUTATION_GUARDS[field.name];
    if (!guard || isUntargeted(guard) || guard.target.kind === 'caller') continue;
    const [argument] = guard.target.path.split('.');
    expect({ mutation: field.name, has: field.args.some((arg) => arg.name === argument) }).toEqual({
      mutation: field.name,
      has: true,
    });
  }
});

// The flush commits a mutation request only when its response has data: that says
// "succeeded" for every root field only because none of them may be null.
test('every mutation returns a non-null result', () => {
  expect(mutations.filter((field) => !isNonNullType(field.type)).map((field) => field.name)).toEqual([]);
});

test('a mutation without a declaration is refused before its resolver runs', async () => {
  const guard = mutationGuardMiddleware({}).Mutation as (...args: unknown[]) => Promise<unknown>;
  const resolve = jest.fn();
  const ctx = { identity: { actorId: 'admin-1', role: Role.ADMIN } } as unknown as AppContext;
  await expect(
    guard(resolve, undefined, {}, ctx, { fieldName: 'createSubscriber' } as GraphQLResolveInfo),
  ).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_PERMITTED' });
  expect(resolve).not.toHaveBeenCalled();
});

test('a customer reaches its own account only; every role that may call a mutation has a reach', () => {
  for (const [name, guard] of Object.entries(MUTATION_GUARDS)) {
    const access = MUTATION_ACCESS[name];
    expect(access && 'roles' in access).toBe(true);
    if (isUntargeted(guard) || !access || !('roles' in access)) continue;
    expect(Object.keys(guard.reach).sort()).toEqual([...access.roles].sort());
    if (access.roles.includes(Role.CUSTOMER)) expect(guard.reach[Role.CUSTOMER]).toBe('own');
  }
});

test('a PURGED account takes no personal data, a RETAINED one verifications and payments', () => {
  const accepting = (status: AccountStatus) =>
    Object.entries(MUTATION_GUARDS)
      .filter(([, guard]) => !isUntargeted(guard) && guard.states.includes(status))
      .map(([name]) => name)
      .sort();
  // Ending access and queue housekeeping write nothing about the person.
  const endingOrHousekeeping = [
    'rejectDisclosureException',
    'releaseRetentionHold',
    'revokeDisclosureException',
    'setTicketStatus',
  ];
  expect(accepting(AccountStatus.PURGED)).toEqual(endingOrHousekeeping);
  expect(accepting(AccountStatus.RETAINED)).toEqual(
    [
      ...endingOrHousekeeping,
      'approveDisclosureException',
      'placeRetentionHold',
      'recordIdentityVerification',
      'recordPayment',
      'requestDisclosureException',
    ].sort(),
  );
});
