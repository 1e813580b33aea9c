import { parseConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createServer, AppServer } from '../../../src/server';
import { startHarness, Harness } from '../../helpers/harness';

/** docs/design.md section 6: production hides introspection and the landing page. */
let h: Harness;
let production: AppServer;

beforeAll(async () => {
  h = await startHarness();
  const config = parseConfig({
    NODE_ENV: 'production',
    DATABASE_URL: process.env.DATABASE_URL,
    JWT_SECRET: process.env.JWT_SECRET,
    CARD_ENCRYPTION_KEY: process.env.CARD_ENCRYPTION_KEY,
    ACCESS_LOG_KEY: process.env.ACCESS_LOG_KEY,
  });
  production = await createServer({ db: h.db, config, log: createLogger('silent') });
});
afterAll(async () => {
  await production.apollo.stop();
  await h.close();
});

const introspect = (server: AppServer) =>
  server.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
  });

const landingPage = (server: AppServer) =>
  server.http.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });

test('outside production, introspection answers and the landing page is served', async () => {
  expect((await introspect(h.server)).json()).toEqual({
    data: { __schema: { queryType: { name: 'Query' } } },
  });
  const page = await landingPage(h.server);
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
});

test('in production, introspection is refused and there is no landing page', async () => {
  const response = (await introspect(production)).json();
  expect(response.data).toBeUndefined();
  expect(response.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  const page = await landingPage(production);
  expect(page.headers['content-type'] ?? '').not.toContain('text/html');
});

/** Issue 10, finding 3: field suggestions spelled the schema out although introspection was off. */
const misspelt = (server: AppServer) =>
  server.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query: '{ subscribr(id: "1") { id } }' }),
  });

test('outside production, a misspelt field is answered with suggestions', async () => {
  const response = (await misspelt(h.server)).json();
  expect(response.errors[0].message).toContain('Did you mean "subscriber"');
});

test('in production, a misspelt field is refused without suggestions', async () => {
  const response = (await misspelt(production)).json();
  expect(response.errors).toHaveLength(1);
  expect(response.errors[0].extensions).toEqual({
    code: 'GRAPHQL_VALIDATION_FAILED',
    reason: 'GRAPHQL_VALIDATION_FAILED',
  });
  expect(response.errors[0].message).toBe('Cannot query field "subscribr" on type "Query".');
  expect(JSON.stringify(response)).not.toMatch(/did you mean|subscribers/i);
});
