import {
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { Role } from '../../../src/auth/roles';
import { categoryOfField, PUBLIC } from '../../../src/access/categories';
import { buildBareSchema } from '../../../src/schema';
import { errorOf, Harness, startHarness } from '../../helpers/harness';

/**
 * docs/design.md section 5: REPORTING reaches `report` and nothing else. Every root field of the
 * schema, found by walking it (so fields added later are covered too), is called with
 * made-up arguments: the operation rule must deny it before any argument is looked at.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

const SCALAR_LITERALS: Record<string, string> = {
  ID: '"1"',
  String: '"x"',
  Int: '1',
  Float: '1.5',
  Boolean: 'true',
  DateTime: '"2026-01-01T00:00:00Z"',
};

/** A literal of `type`, with only the required fields of input objects. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) return SCALAR_LITERALS[type.name] ?? '"x"';
  throw new Error(`no literal for ${String(type)}`);
}

/** `query { field(requiredArgs) { __typename } }` for any root field. */
function operationFor(keyword: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args
    .filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
    .map((a) => `${a.name}: ${literal(a.type)}`);
  const argList = args.length ? `(${args.join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${keyword} { ${field.name}${argList}${selection} }`;
}

function rootFields(type: GraphQLObjectType | null | undefined) {
  return Object.values(type?.getFields() ?? {}).filter((f) => categoryOfField(f) !== PUBLIC);
}

const schema = buildBareSchema();
const cases = [
  ...rootFields(schema.getQueryType())
    .filter((f) => f.name !== 'report')
    .map((f) => ['query', f] as const),
  ...rootFields(schema.getMutationType()).map((f) => ['mutation', f] as const),
];

describe('REPORTING outside report', () => {
  it('walks a schema with subscriber-level root fields', () => {
    expect(cases.map(([, f]) => f.name)).toEqual(expect.arrayContaining(['subscribers', 'createSubscriber']));
  });

  it.each(cases.map(([keyword, field]) => [`${keyword} ${field.name}`, keyword, field] as const))(
    '%s answers FORBIDDEN AGGREGATES_ONLY',
    async (_name, keyword, field) => {
      const result = await h.run(operationFor(keyword, field), {
        token: await h.token(Role.REPORTING, 'analyst-1'),
      });
      expect(errorOf(result)).toEqual({ code: 'FORBIDDEN', reason: 'AGGREGATES_ONLY', path: [field.name] });
      expect(result.errors).toHaveLength(1);
    },
  );
});

describe('report for the other roles', () => {
  it('is served to REPORTING and ADMIN', async () => {
    for (const role of [Role.REPORTING, Role.ADMIN]) {
      const result = await h.run('{ report { subscribersByStatus { key } } }', {
        token: await h.token(role),
      });
      expect(result.errors).toBeUndefined();
    }
  });

  it.each([Role.SUPPORT, Role.BILLING, Role.COMPLIANCE, Role.CUSTOMER])('is denied to %s', async (role) => {
    const result = await h.run('{ report { subscribersByStatus { key } } }', {
      token: await h.token(role, '1'),
    });
    expect(errorOf(result)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_PERMITTED' });
  });

  it('needs a token', async () => {
    const result = await h.run('{ report { subscribersByStatus { key } } }');
    expect(errorOf(result)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
  });
});
