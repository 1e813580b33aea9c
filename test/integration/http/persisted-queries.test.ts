import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, specifiedRules, validate } from 'graphql';
import { parseConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createServer, AppServer } from '../../../src/server';
import { Role } from '../../../src/auth/roles';
import { buildManifest } from '../../../src/common/persisted-query-manifest';
import { PersistedQueryManifest, sha256 } from '../../../src/common/persisted-queries';
import { buildSchema } from '../../../src/schema';
import { startHarness, Harness } from '../../helpers/harness';

/**
 * Issue 10, finding 9: automatic persisted queries registered without a token, and there
 * was no way to run only known operations. docs/design.md section 6: PERSISTED_QUERIES=only
 * runs only a manifest's operations; APQ never registers without a valid token.
 */
const folder = join(__dirname, '..', '..', '..', 'persisted-queries');
const manifest: PersistedQueryManifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
const operation = (name: string) => manifest.operations.find((o) => o.name === name)!;

let h: Harness;
let trusted: AppServer;
beforeAll(async () => {
  h = await startHarness();
  const config = parseConfig({
    ...process.env,
    PERSISTED_QUERIES: 'only',
    PERSISTED_QUERY_MANIFEST: join(folder, 'manifest.json'),
  });
  trusted = await createServer({ db: h.db, config, log: createLogger('silent') });
});
afterAll(async () => {
  await trusted.apollo.stop();
  await h.close();
});

const post = (server: AppServer, body: Record<string, unknown>, token?: string) =>
  server.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: JSON.stringify(body),
  });
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('the shipped manifest', () => {
  test('is current with operations.graphql, and every operation validates against the schema', () => {
    expect(buildManifest(readFileSync(join(folder, 'operations.graphql'), 'utf8'))).toEqual(manifest);
    expect(manifest.operations.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'Dashboard',
        'Me',
        'SupportQueue',
        'OpenSupportTicket',
        'PrivacyPolicy',
        'DomainLookup',
      ]),
    );
    const schema = buildSchema();
    for (const { id, body } of manifest.operations) {
      expect(id).toBe(sha256(body));
      expect(validate(schema, parse(body), specifiedRules)).toEqual([]);
    }
  });
});

describe('automatic persisted queries (the default)', () => {
  const query = `{ privacyPolicy { version effectiveAt } }`;

  test('without a token the query runs but is not registered', async () => {
    const hash = sha256(query);
    const first = await post(h.server, { query, extensions: persisted(hash) });
    expect(first.statusCode).toBe(200);
    expect(first.json().errors).toBeUndefined();
    const again = await post(h.server, { extensions: persisted(hash) });
    expect(again.json().errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  test('with a valid token it is registered, and then found by its hash', async () => {
    const text = `${query} `;
    const hash = sha256(text);
    const token = await h.token(Role.SUPPORT);
    expect((await post(h.server, { query: text, extensions: persisted(hash) }, token)).statusCode).toBe(200);
    const byHash = await post(h.server, { extensions: persisted(hash) });
    expect(byHash.statusCode).toBe(200);
    expect(byHash.json().data.privacyPolicy).toBeDefined();
  });
});

describe('PERSISTED_QUERIES=only', () => {
  const refused = (response: Awaited<ReturnType<typeof post>>) => {
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: 'This server runs only the operations of its persisted-query manifest: send one by its id',
        extensions: { code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_REQUIRED' },
      },
    ]);
  };

  test('a free-form query is refused, with a token too', async () => {
    refused(await post(trusted, { query: '{ privacyPolicy { version } }' }));
    refused(await post(trusted, { query: '{ subscribers { totalCount } }' }, await h.token(Role.ADMIN)));
  });

  test('an operation of the manifest runs by its id, and sent in full', async () => {
    const policy = operation('PrivacyPolicy');
    const byId = await post(trusted, { extensions: persisted(policy.id) });
    expect(byId.statusCode).toBe(200);
    expect(byId.json().data).toHaveProperty('privacyPolicy');
    const inFull = await post(trusted, { query: policy.body });
    expect(inFull.json().data).toHaveProperty('privacyPolicy');
    const token = await h.token(Role.SUPPORT);
    const dashboard = await post(
      trusted,
      { extensions: persisted(operation('Dashboard').id), variables: { first: 5 } },
      token,
    );
    expect(dashboard.json().errors).toBeUndefined();
    expect(dashboard.json().data.subscribers.edges.length).toBeLessThanOrEqual(5);
  });

  test('an unknown id is not found, and nothing registers, with a token or without', async () => {
    const query = '{ policyVersions { version } }';
    const hash = sha256(query);
    expect((await post(trusted, { extensions: persisted(hash) })).json().errors[0].extensions.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    refused(await post(trusted, { query, extensions: persisted(hash) }, await h.token(Role.ADMIN)));
    expect((await post(trusted, { extensions: persisted(hash) })).json().errors[0].extensions.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });

  test('an operation that does not come over HTTP is held to the manifest too', async () => {
    const run = async (query: string) => {
      const response = await trusted.apollo.executeOperation(
        { query },
        { contextValue: await trusted.contextFor(undefined) },
      );
      return response.body.kind === 'single' ? response.body.singleResult : undefined;
    };
    expect((await run('{ privacyPolicy { version } }'))?.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PERSISTED_QUERY_REQUIRED',
    });
    expect((await run(operation('PrivacyPolicy').body))?.errors).toBeUndefined();
  });

  test('a missing or malformed manifest stops the start, naming the setting', async () => {
    const config = (path: string) =>
      parseConfig({ ...process.env, PERSISTED_QUERIES: 'only', PERSISTED_QUERY_MANIFEST: path });
    const start = (path: string) =>
      createServer({ db: h.db, config: config(path), log: createLogger('silent') });
    await expect(start(join(folder, 'missing.json'))).rejects.toThrow(
      /PERSISTED_QUERY_MANIFEST .* could not be read/,
    );
    await expect(start(join(folder, 'operations.graphql'))).rejects.toThrow(/PERSISTED_QUERY_MANIFEST/);
  });
});
