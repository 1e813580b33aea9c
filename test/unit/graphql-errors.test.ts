import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  AppError,
  BadInputError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  Reason,
} from '../../src/common/errors';
import { forApollo, mappingDomainErrors, toGraphQLError } from '../../src/http/graphql-errors';
import { formatError } from '../../src/http/format-error';
import { QueryTooComplexError } from '../../src/http/query-limits';
import { UntrustedDocumentError } from '../../src/common/persisted-queries';

test('a domain error is no GraphQL error: it carries its code, reason and field', () => {
  const error = new BadInputError('input.email', 'is not an e-mail address');
  expect(error).not.toBeInstanceOf(GraphQLError);
  expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', field: 'input.email' });
  expect(error.name).toBe('BadInputError');
});

test('a domain error is an answer, not a fault: it captures no stack, and others still do', () => {
  const denied = new ForbiddenError(Reason.ID_VERIFICATION_REQUIRED);
  expect(denied.stack).toBe(`ForbiddenError: ${denied.message}`);
  // The limit is put back: an unexpected error, which is logged, keeps its frames.
  const fault = new Error('unexpected');
  expect(fault.stack?.split('\n').length).toBeGreaterThan(1);
  expect(new GraphQLError('located', { originalError: denied }).stack).toBe(denied.stack);
});

test('the codes Apollo has too are spelled as Apollo spells them', () => {
  expect(ErrorCode.BAD_USER_INPUT).toBe('BAD_USER_INPUT');
  expect(ErrorCode.INTERNAL_SERVER_ERROR).toBe('INTERNAL_SERVER_ERROR');
});

test('a domain error becomes a GraphQL error with its message, code, reason and field', () => {
  const mapped = toGraphQLError(new BadInputError('input.email', 'is not an e-mail address'));
  expect(mapped).toBeInstanceOf(GraphQLError);
  expect(mapped.message).toBe('input.email: is not an e-mail address');
  expect(mapped.extensions).toEqual({
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_INPUT',
    field: 'input.email',
  });
  expect(toGraphQLError(new ForbiddenError(Reason.ROLE_NOT_PERMITTED))).toMatchObject({
    message: 'Your role may not access this',
    extensions: { code: 'FORBIDDEN', reason: 'ROLE_NOT_PERMITTED' },
  });
});

test('a refusal before execution keeps its HTTP status for Apollo', () => {
  expect(toGraphQLError(new QueryTooComplexError('too deep')).extensions).toEqual({
    code: 'BAD_USER_INPUT',
    reason: 'QUERY_TOO_COMPLEX',
    http: { status: 400 },
  });
  expect(toGraphQLError(new UntrustedDocumentError()).extensions).toEqual({
    code: 'FORBIDDEN',
    reason: 'PERSISTED_QUERY_REQUIRED',
    http: { status: 400 },
  });
});

test('a domain error thrown by a resolver keeps the path graphql-js gave it', () => {
  const located = new GraphQLError('Subscriber not found', {
    path: ['subscriber'],
    originalError: new NotFoundError('Subscriber'),
  });
  const mapped = toGraphQLError(located);
  expect(mapped.path).toEqual(['subscriber']);
  expect(mapped.extensions).toEqual({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
  expect(mapped.originalError).toBeInstanceOf(NotFoundError);
});

test('an error nobody raised on purpose is masked, its original kept for the log only', () => {
  const sql = new Error("ER_DUP_ENTRY: Duplicate entry 'freya@example.com' for key 'email'");
  for (const error of [sql, new GraphQLError(sql.message, { path: ['x'], originalError: sql }), 'boom']) {
    const mapped = toGraphQLError(error);
    expect(mapped.message).toBe('Internal error');
    expect(mapped.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(mapped)).not.toContain('freya');
  }
  expect(toGraphQLError(sql).originalError).toBe(sql);
});

test("Apollo's own errors about a request pass as they are", () => {
  const parse = new GraphQLError('Syntax Error: Unexpected "}"', {
    extensions: { code: 'GRAPHQL_PARSE_FAILED' },
  });
  expect(toGraphQLError(parse)).toBe(parse);
});

test('formatError sends code, reason and field, never the HTTP status', () => {
  const error = new GraphQLError('x', { path: ['a'], originalError: new QueryTooComplexError('too deep') });
  expect(formatError({ message: 'x', path: ['a'] }, error)).toEqual({
    message: 'too deep',
    path: ['a'],
    locations: undefined,
    extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' },
  });
});

test('edge code hands Apollo a domain error mapped and anything else untouched', async () => {
  const other = new Error('the pool is closed');
  expect(forApollo(other)).toBe(other);
  expect(forApollo(new NotFoundError('Ticket'))).toBeInstanceOf(GraphQLError);

  const refusing: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation() {
          throw new AppError('no', ErrorCode.FORBIDDEN, Reason.PERSISTED_QUERY_REQUIRED, {
            http: { status: 400 },
          });
        },
      };
    },
  };
  const listener = await mappingDomainErrors(refusing).requestDidStart!({} as never);
  await expect(listener!.didResolveOperation!({} as never)).rejects.toMatchObject({
    message: 'no',
    extensions: { code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED', http: { status: 400 } },
  });
});
