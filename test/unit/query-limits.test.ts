import { buildSchema, parse, validate } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { queryValidationRules, QueryLimits } from '../../src/http/query-limits';
import {
  DATABASE_READ_COST,
  fieldCostEstimator,
  MUTATION_COST,
  REPORT_SCAN_COST,
  verifyAccessLogCost,
} from '../../src/http/query-cost';
import { buildBareSchema } from '../../src/schema';
import { MAX_PAGE_SIZE } from '../../src/paging/pagination';
import { publicRootFields } from '../../src/access/permissions';

const limits = (overrides: Partial<QueryLimits> = {}): QueryLimits => ({
  maxTokens: 1000,
  maxAliases: 15,
  maxDepth: 10,
  maxCost: 10000,
  maxAnonymousCost: 1000,
  ...overrides,
});

const toy = buildSchema('type Query { a: A } type A { b: B } type B { c: C } type C { d: Int, e: Int }');
const reasons = (query: string, overrides: Partial<QueryLimits>) =>
  validate(toy, parse(query), queryValidationRules(limits(overrides))).map((e) => ({
    reason: e.extensions.reason,
    message: e.message,
  }));

describe('validation limits (graphql-armor rules)', () => {
  test('depth counts nested fields through fragments', () => {
    const query = 'query { a { b { ...F } } } fragment F on B { c { d } }';
    expect(reasons(query, { maxDepth: 4 })).toEqual([]);
    expect(reasons(query, { maxDepth: 3 })).toEqual([
      { reason: 'QUERY_TOO_COMPLEX', message: 'The query is 4 levels deep; at most 3 are allowed' },
    ]);
  });

  test('aliases are counted, also inside fragments', () => {
    const query =
      'query { x: a { b { ...F } } y: a { b { c { d } } } } fragment F on B { p: c { d } q: c { e } }';
    expect(reasons(query, { maxAliases: 4 })).toEqual([]);
    expect(reasons(query, { maxAliases: 3 })).toEqual([
      { reason: 'QUERY_TOO_COMPLEX', message: 'The query has 4 aliases; at most 3 are allowed' },
    ]);
  });
});

describe('the cost model', () => {
  const schema = buildBareSchema();
  const cost = (query: string, accessLogEntries = 0, logged: string[] = [], anonymous = false) =>
    getComplexity({
      schema,
      query: parse(query),
      variables: {},
      estimators: [
        fieldCostEstimator({
          logged: new Set(logged),
          publicRoots: publicRootFields(schema),
          anonymous,
          accessLogEntries,
          occurrences: new Map(),
        }),
      ],
    });

  test('a root field reaches the database; each alias counts again', () => {
    expect(cost('{ privacyPolicy { version } }')).toBe(DATABASE_READ_COST + 1);
    expect(cost('{ a: privacyPolicy { version } b: privacyPolicy { version } }')).toBe(
      2 * (DATABASE_READ_COST + 1),
    );
  });

  test('without a token, a root field the shield refuses before it reads costs 1; a public one its reads', () => {
    const report =
      '{ report { sessionsByDay(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { key } } }';
    expect(cost(report, 0, [], true)).toBe(1);
    expect(cost(report)).toBeGreaterThan(REPORT_SCAN_COST);
    expect(cost('{ policyVersions { body } }', 0, [], true)).toBe(cost('{ policyVersions { body } }'));
  });

  test('a list without first costs its largest page', () => {
    expect(cost('{ policyVersions { body } }')).toBe(DATABASE_READ_COST + MAX_PAGE_SIZE * 1);
  });

  test('a page costs first times what is selected in it, the schema default when omitted', () => {
    const page = (args: string) => cost(`{ subscribers${args} { edges { node { id } } } }`);
    expect(page('(first: 5)')).toBe(DATABASE_READ_COST + 5 * 3);
    expect(page('')).toBe(DATABASE_READ_COST + 20 * 3);
  });

  test('report fields cost a scan plus their buckets by range', () => {
    const days = (from: string, to: string) =>
      cost(`{ report { sessionsByDay(from: "${from}", to: "${to}") { key value } } }`);
    expect(days('2026-01-01T00:00:00Z', '2026-01-11T00:00:00Z')).toBe(
      DATABASE_READ_COST + DATABASE_READ_COST + REPORT_SCAN_COST + 10 * 2,
    );
    expect(days('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toBeGreaterThan(
      days('2026-01-01T00:00:00Z', '2026-01-11T00:00:00Z') + 300,
    );
  });

  test('verifyAccessLog costs by the size of the log', () => {
    expect(cost('{ verifyAccessLog { ok } }', 10_000)).toBe(
      DATABASE_READ_COST + verifyAccessLogCost(10_000) + 1,
    );
    expect(verifyAccessLogCost(1_000_000)).toBeGreaterThan(verifyAccessLogCost(10_000));
  });

  test('a mutation costs its transaction; fields whose reads are logged cost their log write', () => {
    expect(cost('mutation { setTicketStatus(ticketId: "1", status: OPEN) { id } }')).toBe(MUTATION_COST + 1);
    const billing = '{ subscriber(id: "1") { billing { cardLast4 } } }';
    expect(cost(billing, 0, ['Subscriber.billing'])).toBeGreaterThan(cost(billing));
  });
});
