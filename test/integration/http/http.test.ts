import { SignJWT } from 'jose';
import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';
import { SubscriberService } from '../../../src/modules/subscriber/subscriber.service';

/** Transport concerns over real HTTP requests (fastify inject): tokens, methods, health, errors. */
let h: Harness;
let subscriberId: string;
beforeAll(async () => {
  h = await startHarness();
  await resetData(h.db);
  subscriberId = (await insertSubscriber(h.db)).id;
});
afterAll(() => h.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  h.server.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });

const secret = new TextEncoder().encode(process.env.JWT_SECRET);
const forge = (
  claims: Record<string, unknown>,
  options: { alg?: string; iss?: string; aud?: string; exp?: number } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject('agent-7')
    .setIssuer(options.iss ?? 'kacmac')
    .setAudience(options.aud ?? 'kacmac-api')
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(secret);

const reasonOf = (response: { json(): { errors?: { extensions?: { code?: string; reason?: string } }[] } }) =>
  response.json().errors?.[0]?.extensions;

describe('tokens', () => {
  const query = { query: `{ subscriber(id: "1") { id } }` };

  test('a valid staff token reads a subscriber', async () => {
    const token = await h.token(Role.SUPPORT, 'agent-7');
    const response = await post(
      { query: `{ subscriber(id: "${subscriberId}") { id } }` },
      { authorization: `Bearer ${token}` },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: { subscriber: { id: subscriberId } } });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('no token: UNAUTHENTICATED TOKEN_MISSING', async () => {
    expect(reasonOf(await post(query))).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
  });

  test.each([
    ['a bad signature', async () => (await h.token(Role.ADMIN)).slice(0, -4) + 'AAAA'],
    ['the wrong issuer', () => forge({ role: 'ADMIN' }, { iss: 'someone-else' })],
    ['the wrong audience', () => forge({ role: 'ADMIN' }, { aud: 'another-api' })],
    ['an unknown role', () => forge({ role: 'SUPERUSER' })],
    ['no role at all', () => forge({})],
    ['garbage', async () => 'not.a.token'],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'x', role: 'ADMIN', iss: 'kacmac', aud: 'kacmac-api', exp: now + 600 })}.`;
      },
    ],
  ])('a token with %s: UNAUTHENTICATED TOKEN_INVALID', async (_label, make) => {
    const response = await post(query, { authorization: `Bearer ${await make()}` });
    expect(reasonOf(response)).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(response.json().data).toEqual({ subscriber: null });
  });

  test('an expired token: UNAUTHENTICATED TOKEN_EXPIRED', async () => {
    const token = await forge({ role: 'ADMIN' }, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(reasonOf(await post(query, { authorization: `Bearer ${token}` }))).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_EXPIRED',
    });
  });

  test('a non-Bearer Authorization header is refused', async () => {
    expect(reasonOf(await post(query, { authorization: 'Basic dXNlcjpwYXNz' }))?.reason).toBe(
      'TOKEN_INVALID',
    );
  });
});

describe('HTTP', () => {
  test('GET serves queries, with the CSRF header a browser cannot forge', async () => {
    const token = await h.token(Role.ADMIN);
    const url = `/graphql?query=${encodeURIComponent(`{ subscriber(id: "${subscriberId}") { id } }`)}`;
    const response = await h.server.http.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.json()).toEqual({ data: { subscriber: { id: subscriberId } } });
    const simple = await h.server.http.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(simple.statusCode).toBe(400);
  });

  test('GET does not run mutations', async () => {
    const token = await h.token(Role.ADMIN);
    const mutation = encodeURIComponent('mutation { setTicketStatus(ticketId: "1", status: OPEN) { id } }');
    const response = await h.server.http.inject({
      method: 'GET',
      url: `/graphql?query=${mutation}`,
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.statusCode).toBe(405);
  });

  test('health: live always, ready while the database answers', async () => {
    expect((await h.server.http.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await h.server.http.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', primary: 'up', replicas: [] });
  });

  test('a query deeper or costlier than allowed is refused before it runs', async () => {
    const token = await h.token(Role.SUPPORT);
    const deep = `{ supportTickets { edges { node { subscriber { supportTickets { edges { node { subscriber { supportTickets { edges { node { id } } } } } } } } } } } }`;
    const tooDeep = await post({ query: deep }, { authorization: `Bearer ${token}` });
    expect(reasonOf(tooDeep)).toEqual({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
    const aliases = Array.from(
      { length: 30 },
      (_, i) =>
        `a${i}: subscribers(first: 100) { edges { node { id name sessions(first: 100) { edges { node { id } } } } } }`,
    ).join(' ');
    const tooCostly = await post({ query: `{ ${aliases} }` }, { authorization: `Bearer ${token}` });
    expect(reasonOf(tooCostly)).toEqual({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
  });

  test('unexpected failures are masked: no stack, no SQL, a request id to find the log line', async () => {
    const token = await h.token(Role.SUPPORT);
    // A failure deep in the data layer, whose message quotes SQL.
    const spy = jest
      .spyOn(SubscriberService.prototype, 'getVisible')
      .mockRejectedValueOnce(
        new Error("ER_PARSE_ERROR: You have an error in your SQL syntax near 'SELECT secret'"),
      );
    const response = await post(
      { query: `{ subscriber(id: "${subscriberId}") { id } }` },
      { authorization: `Bearer ${token}` },
    );
    spy.mockRestore();
    const body = response.json();
    expect(body.errors[0]).toMatchObject({
      message: 'Internal error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: response.headers['x-request-id'] },
    });
    expect(JSON.stringify(body)).not.toMatch(/SQL|SELECT|stack|at /);
  });

  test('bad variables are BAD_USER_INPUT with a reason', async () => {
    const token = await h.token(Role.SUPPORT);
    const response = await post(
      {
        query: 'query($first: Int) { subscribers(first: $first) { totalCount } }',
        variables: { first: 'many' },
      },
      { authorization: `Bearer ${token}` },
    );
    expect(reasonOf(response)).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
  });
});

test('responses are compact JSON, without indentation', async () => {
  const response = await post({ query: '{ __typename }' });
  expect(response.statusCode).toBe(200);
  expect(response.body).toBe(JSON.stringify(response.json()));
});
