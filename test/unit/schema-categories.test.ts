import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLSchema, isObjectType } from 'graphql';
import { buildBareSchema } from '../../src/schema';
import { ALL_ROLES } from '../../src/auth/roles';
import { categoryOfField, categoryOfType, PUBLIC, STRUCTURE } from '../../src/access/categories';
import { CATEGORY_ACCESS, TableCategory } from '../../src/access/policy-table';
import { MUTATION_ACCESS, QUERY_ACCESS } from '../../src/access/operations';
import { FIELD_RULES, decideVerificationList } from '../../src/access/field-rules';
import { loggableFields, planPermissions } from '../../src/access/permissions';

/**
 * CONTRIBUTING.md, "Where a rule lives": every field of every type carries a category;
 * and every field the contract names is reachable by at least one role.
 */
const schema = buildBareSchema();
const ROOTS = new Set(['Query', 'Mutation']);
const objectTypes = (s: GraphQLSchema) =>
  Object.values(s.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
    .filter(isObjectType);

function reachable(typeName: string, fieldName: string): boolean {
  if (ROOTS.has(typeName)) {
    const root = schema.getType(typeName);
    if (isObjectType(root) && categoryOfField(root.getFields()[fieldName]) === PUBLIC) return true;
    const access = (typeName === 'Query' ? QUERY_ACCESS : MUTATION_ACCESS)[fieldName];
    return !!access && ('public' in access || access.roles.length > 0);
  }
  if (FIELD_RULES[`${typeName}.${fieldName}`]) {
    return ALL_ROLES.some((role) => decideVerificationList({ role, actorId: 'x' }, new Date()).allowed);
  }
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return false;
  const category = categoryOfField(type.getFields()[fieldName]);
  if (category === undefined) return false;
  if (category === STRUCTURE) return true;
  return Object.values(CATEGORY_ACCESS[category as TableCategory]).some((access) => access !== 'no');
}

test('every object type and every field of it carries a category; every root field has an access entry', () => {
  const missing: string[] = [];
  for (const type of objectTypes(schema)) {
    if (ROOTS.has(type.name)) {
      const table = type.name === 'Query' ? QUERY_ACCESS : MUTATION_ACCESS;
      for (const field of Object.values(type.getFields())) {
        if (!table[field.name] && categoryOfField(field) !== PUBLIC)
          missing.push(`${type.name}.${field.name}`);
      }
      continue;
    }
    if (!categoryOfType(type)) missing.push(type.name);
    for (const field of Object.values(type.getFields())) {
      if (!categoryOfField(field)) missing.push(`${type.name}.${field.name}`);
    }
  }
  expect(missing).toEqual([]);
});

test('the permission plan gives every non-root field a rule or leaves it plain on purpose', () => {
  const plan = planPermissions(schema);
  const unruled: string[] = [];
  for (const type of objectTypes(schema)) {
    if (ROOTS.has(type.name)) continue;
    for (const name of Object.keys(type.getFields())) {
      if (!plan.rules[type.name]?.[name]) unruled.push(`${type.name}.${name}`);
    }
  }
  expect(unruled).toEqual([]);
  expect([...loggableFields(plan)]).toEqual(
    expect.arrayContaining([
      'Subscriber.billing',
      'Subscriber.payments',
      'Payment.amountCents',
      'BillingProfile.cardLast4',
    ]),
  );
});

test('every contract field present in the schema is reachable by some role', () => {
  const contract = buildSchema(
    readFileSync(join(__dirname, '..', '..', 'schema', 'api-contract.graphql'), 'utf8'),
    {
      assumeValidSDL: true,
    },
  );
  const unreachable: string[] = [];
  for (const type of objectTypes(contract)) {
    const ours = schema.getType(type.name);
    if (!isObjectType(ours)) continue;
    for (const name of Object.keys(type.getFields())) {
      if (ours.getFields()[name] && !reachable(type.name, name)) unreachable.push(`${type.name}.${name}`);
    }
  }
  expect(unreachable).toEqual([]);
});
