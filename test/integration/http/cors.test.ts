import { Role } from '../../../src/auth/roles';
import { startHarness, Harness, resetData } from '../../helpers/harness';
import { insertSubscriber } from '../../helpers/fixtures';

/**
 * CORS at the HTTP level (the browser's view is test/integration/http/cors-browser.test.ts):
 * listed origins get their preflight and their origin back, others nothing, and Apollo's
 * CSRF prevention still refuses simple cross-site requests.
 */
const DASHBOARD = 'http://localhost:3000';
const STRANGER = 'https://evil.example';

let h: Harness;
let subscriberId: string;
beforeAll(async () => {
  h = await startHarness({ config: { CORS_ORIGINS: [DASHBOARD] } });
  await resetData(h.db);
  subscriberId = (await insertSubscriber(h.db)).id;
});
afterAll(() => h.close());

const preflight = (server: Harness, origin: string, requestHeaders = 'authorization,content-type') =>
  server.server.http.inject({
    method: 'OPTIONS',
    url: '/graphql',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': requestHeaders,
    },
  });

describe('preflight', () => {
  test('a listed origin gets 204 with its origin, methods and the GraphQL headers (was: 400 CSRF body)', async () => {
    const response = await preflight(h, DASHBOARD, 'authorization,content-type,apollo-require-preflight');
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(response.headers['access-control-allow-methods']).toBe('GET, POST');
    const allowed = String(response.headers['access-control-allow-headers']).split(', ');
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight']),
    );
    expect(response.headers['access-control-max-age']).toBe('600');
    expect(String(response.headers.vary)).toMatch(/Origin/i);
    // Bearer tokens only: a page may never make the browser attach cookies.
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  test.each([
    ['an unlisted origin', STRANGER],
    ['a look-alike of the listed one', 'http://localhost:3000.evil.example'],
    ['the listed host on another port', 'http://localhost:3001'],
    ['the listed origin over https', 'https://localhost:3000'],
    ['an opaque origin', 'null'],
  ])('%s gets no CORS header and no preflight answer', async (_label, origin) => {
    const response = await preflight(h, origin);
    expect(response.statusCode).toBe(404);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-headers']).toBeUndefined();
  });

  test('an OPTIONS request that is not a preflight is refused', async () => {
    const response = await h.server.http.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: DASHBOARD },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('requests', () => {
  const post = (origin: string | undefined, token: string, contentType = 'application/json') =>
    h.server.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: {
        'content-type': contentType,
        authorization: `Bearer ${token}`,
        ...(origin ? { origin } : {}),
      },
      payload: JSON.stringify({ query: `{ subscriber(id: "${subscriberId}") { id } }` }),
    });

  test('a listed origin is served, with its origin and the request id exposed', async () => {
    const response = await post(DASHBOARD, await h.token(Role.SUPPORT, 'agent-7'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: { subscriber: { id: subscriberId } } });
    expect(response.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(response.headers['access-control-expose-headers']).toBe('x-request-id');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  test('an unlisted origin gets no Access-Control-Allow-Origin, so a browser hides the answer', async () => {
    const response = await post(STRANGER, await h.token(Role.SUPPORT, 'agent-7'));
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('a request without Origin (curl, a server) is served without CORS headers', async () => {
    const response = await post(undefined, await h.token(Role.SUPPORT, 'agent-7'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('CSRF prevention stays on: a simple text/plain post is refused, even from a listed origin', async () => {
    const response = await post(DASHBOARD, await h.token(Role.SUPPORT, 'agent-7'), 'text/plain');
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/CSRF/);
  });

  test('CSRF prevention stays on: a GET without a preflight header is refused', async () => {
    const response = await h.server.http.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ __typename }')}`,
      headers: { origin: DASHBOARD },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/CSRF/);
  });

  test('a GET with apollo-require-preflight is served', async () => {
    const response = await h.server.http.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ __typename }')}`,
      headers: { origin: DASHBOARD, 'apollo-require-preflight': 'true' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(DASHBOARD);
  });
});

describe('defaults without CORS_ORIGINS', () => {
  test('development allows any loopback port, nothing else', async () => {
    const dev = await startHarness({ config: { CORS_ORIGINS: undefined, NODE_ENV: 'development' } });
    try {
      for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
        expect((await preflight(dev, origin)).headers['access-control-allow-origin']).toBe(origin);
      }
      for (const origin of [STRANGER, 'http://localhost.evil.example', 'https://localhost:5173']) {
        expect((await preflight(dev, origin)).statusCode).toBe(404);
      }
    } finally {
      await dev.close();
    }
  });

  test('production allows no origin at all', async () => {
    const prod = await startHarness({ config: { CORS_ORIGINS: undefined, NODE_ENV: 'production' } });
    try {
      const response = await preflight(prod, DASHBOARD);
      expect(response.statusCode).toBe(404);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await prod.close();
    }
  });
});
