import { createHash } from 'node:crypto';
import { buildSchema, execute, getOperationAST, GraphQLError, parse } from 'graphql';
import type { GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { compiledExecution } from '../../src/http/compiled-execution';
import { ForbiddenError, Reason } from '../../src/common/errors';

jest.mock('graphql-jit', () => {
  const actual = jest.requireActual('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compileQuery = require('graphql-jit').compileQuery as jest.Mock;

const schema = buildSchema(`
  type Query { people(first: Int!): [Person!]! secret: String echo(text: String, list: [String!], input: Note): String }
  input Note { body: String }
  type Person { id: ID! name: String tags: [String!]! }
`);
schema.getQueryType()!.getFields().people.resolve = (_root, { first }: { first: number }) =>
  Array.from({ length: first }, (_, i) => ({ id: String(i + 1), name: `P${i + 1}`, tags: ['a', 'b'] }));
schema.getQueryType()!.getFields().secret.resolve = () => {
  throw new ForbiddenError(Reason.ROLE_NOT_PERMITTED);
};

schema.getQueryType()!.getFields().echo.resolve = (_root, args) => JSON.stringify(args);

async function executorFor(maxOperations = 10): Promise<GatewayExecutor> {
  const gateway = compiledExecution(schema, { maxOperations });
  const { executor } = await gateway.load({ apollo: {} });
  return executor!;
}

function requestFor(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const document = parse(query);
  return {
    request: { query, variables, operationName },
    document,
    operation: getOperationAST(document, operationName)!,
    operationName: operationName ?? null,
    queryHash: createHash('sha256').update(query).digest('hex'),
    context: {},
  } as unknown as GatewayGraphQLRequestContext;
}

const PAGE = `query Page($n: Int!) { people(first: $n) { id ...N tags } n2: people(first: 1) { id } }
  fragment N on Person { name }`;

beforeEach(() => compileQuery.mockClear());

describe('compiled execution', () => {
  test('answers as graphql-js does, in plain objects that serialise on the fast path', async () => {
    const executor = await executorFor();
    const reference = await execute({ schema, document: parse(PAGE), variableValues: { n: 3 } });
    const compiled = await executor(requestFor(PAGE, { n: 3 }));
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(reference));
    // graphql-js builds null-prototype objects, which JSON.stringify walks about five
    // times slower (docs/performance.md, "Fourth round"); the compiled result does not.
    expect(Object.getPrototypeOf(reference.data)).toBeNull();
    expect(Object.getPrototypeOf(compiled.data)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((compiled.data!.people as object[])[0])).toBe(Object.prototype);
  });

  test('a resolver error arrives as graphql-js gives it: path, locations, extensions, original', async () => {
    const executor = await executorFor();
    const result = await executor(requestFor('{ secret }'));
    expect(result.data).toEqual({ secret: null });
    const [error] = result.errors!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.path).toEqual(['secret']);
    expect(error.locations).toEqual([{ line: 1, column: 3 }]);
    expect(error.extensions).toEqual({});
    expect(error.originalError).toBeInstanceOf(ForbiddenError);
  });

  test('variables that do not coerce are refused in graphql-js words, before anything runs', async () => {
    const executor = await executorFor();
    const reference = await execute({ schema, document: parse(PAGE), variableValues: { n: 'x' } });
    const result = await executor(requestFor(PAGE, { n: 'x' }));
    expect(result.data).toBeUndefined();
    expect(result.errors!.map((e) => e.message)).toEqual(reference.errors!.map((e) => e.message));
    expect(result.errors![0].nodes?.[0].kind).toBe('VariableDefinition');
  });

  test('an operation is compiled once, and the table keeps the most recently used', async () => {
    const executor = await executorFor(2);
    const queries = ['{ a: secret }', '{ b: secret }', '{ c: secret }'];
    await executor(requestFor(queries[0]));
    await executor(requestFor(queries[0]));
    expect(compileQuery).toHaveBeenCalledTimes(1);
    await executor(requestFor(queries[1]));
    await executor(requestFor(queries[0])); // now the most recent: queries[1] goes first
    await executor(requestFor(queries[2]));
    expect(compileQuery).toHaveBeenCalledTimes(3);
    await executor(requestFor(queries[0]));
    expect(compileQuery).toHaveBeenCalledTimes(3);
    await executor(requestFor(queries[1]));
    expect(compileQuery).toHaveBeenCalledTimes(4);
  });

  test('a document the compiler fails on runs through graphql-js', async () => {
    const executor = await executorFor();
    compileQuery.mockImplementationOnce(() => {
      throw new Error('the compiler cannot take this');
    });
    const result = await executor(requestFor('{ people(first: 2) { id } }'));
    expect(result).toEqual({ data: { people: [{ id: '1' }, { id: '2' }] } });
    expect(compileQuery).toHaveBeenCalledTimes(1);
  });

  test('each named operation of a document is compiled on its own', async () => {
    const executor = await executorFor();
    const both = 'query A { a: people(first: 1) { id } } query B { b: people(first: 2) { id } }';
    expect((await executor(requestFor(both, {}, 'A'))).data).toEqual({ a: [{ id: '1' }] });
    expect((await executor(requestFor(both, {}, 'B'))).data).toEqual({ b: [{ id: '1' }, { id: '2' }] });
    expect(compileQuery).toHaveBeenCalledTimes(2);
  });
});

describe("string literals that carry the compiler's markers", () => {
  // graphql-jit rewrites a JSON string that starts with its Date marker into `new Date(...)`
  // in the code it generates: the rest of the string would run in the server.
  const DATE_MARKER = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
  const probe = globalThis as { compiledExecutionProbe?: number };
  const payload = `${DATE_MARKER}0+(globalThis.compiledExecutionProbe=1)`;
  afterEach(() => delete probe.compiledExecutionProbe);

  test('would run as code if compiled: the hazard this guards against', async () => {
    const { compileQuery: compile } = jest.requireActual('graphql-jit');
    const compiled = compile(schema, parse(`{ echo(text: "${payload}") }`));
    await compiled.query(undefined, {}, {});
    expect(probe.compiledExecutionProbe).toBe(1);
  });

  test.each([
    ['an argument', `{ echo(text: "${payload}") }`],
    ['a list', `{ echo(list: ["a", "${payload}"]) }`],
    ['an input object', `{ echo(input: { body: "${payload}" }) }`],
    ['a block string', `{ echo(text: """${payload}""") }`],
    ['a default value', `query Q($t: String = "${payload}") { echo(text: $t) }`],
    ['after an escaped quote', `{ echo(text: "a\\"${payload}") }`],
  ])('in %s are never compiled, and stay text', async (_where, query) => {
    const executor = await executorFor();
    const reference = await execute({ schema, document: parse(query) });
    const result = await executor(requestFor(query));
    expect(probe.compiledExecutionProbe).toBeUndefined();
    expect(compileQuery).not.toHaveBeenCalled();
    expect(result).toEqual(reference);
    expect(JSON.stringify(result.data)).toContain('__MAGIC_DATE__');
  });
});
