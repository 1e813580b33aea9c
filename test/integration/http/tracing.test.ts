import { execFileSync } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { config } from '../../../src/config';
import { signToken } from '../../../src/auth/token';
import { Role } from '../../../src/auth/roles';
import { insertSubscriber } from '../../helpers/fixtures';
import { databaseForFile } from '../../helpers/harness';
import { freePort, ServerProcess, startServerProcess } from '../../helpers/server-process';

/**
 * `npm start`'s process with OTEL_EXPORTER_OTLP_ENDPOINT set exports its spans (HTTP,
 * GraphQL, mysql2) to a collector, here a fake one that keeps what it receives, and none
 * of them carries the personal data the requests touched. With METRICS_PORT set, /metrics
 * answers on that port only.
 */
const root = join(__dirname, '..', '..', '..');

interface GraphQLBody {
  data: { subscriber: { email: string }; subscribers: { totalCount: number } };
}

interface OtlpSpan {
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** An OTLP/HTTP JSON receiver: keeps every export request's body. */
function fakeCollector(received: string[]): Server {
  return createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') received.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
}

const spansOf = (bodies: string[]): OtlpSpan[] =>
  bodies.flatMap((body) =>
    JSON.parse(body).resourceSpans.flatMap((r: { scopeSpans: { spans: OtlpSpan[] }[] }) =>
      r.scopeSpans.flatMap((s) => s.spans),
    ),
  );
const attribute = (span: OtlpSpan, key: string) =>
  Object.values(span.attributes?.find((a) => a.key === key)?.value ?? {})[0];

const db = databaseForFile({ reset: false });

test('with OTEL_EXPORTER_OTLP_ENDPOINT unset, no SDK, exporter or instrumentation is loaded', () => {
  // (@opentelemetry/api, the no-op facade, comes with prom-client.)
  const loaded = execFileSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-e',
      `require('./src/observability/tracing-preload'); require('./src/server');
       console.log(Object.keys(require.cache).filter((file) => /@opentelemetry[/](?!api[/])/.test(file)).length)`,
    ],
    { cwd: root, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' }, encoding: 'utf8' },
  );
  expect(loaded.trim()).toBe('0');
}, 60_000);

test('spans reach the collector without personal data; /metrics answers on METRICS_PORT only', async () => {
  const received: string[] = [];
  const collector = fakeCollector(received);
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const metricsPort = await freePort();
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(
      {
        METRICS_PORT: String(metricsPort),
        LOG_LEVEL: 'warn',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'kacmac-tracing-test',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      { timeoutMs: 40_000 },
    );
    const base = server.url;

    const person = await insertSubscriber(db, { name: 'Zelda Tracewell', email: 'zelda.trace@example.test' });
    const token = await signToken(
      { secret: config().JWT_SECRET, issuer: config().JWT_ISSUER, audience: config().JWT_AUDIENCE },
      { sub: 'agent-trace', role: Role.SUPPORT },
      '10m',
    );
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const lookup = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: `query TracedLookup($id: ID!) { subscriber(id: $id) { id name email } }`,
        variables: { id: person.id },
      }),
    });
    expect(((await lookup.json()) as GraphQLBody).data.subscriber.email).toBe('zelda.trace@example.test');
    const search = `{ subscribers(first: 1, filter: { search: "zelda.trace@example.test" }) { totalCount } }`;
    const viaGet = await fetch(`${base}/graphql?query=${encodeURIComponent(search)}`, {
      headers: { ...headers, 'apollo-require-preflight': 'true' },
    });
    expect(((await viaGet.json()) as GraphQLBody).data.subscribers.totalCount).toBe(1);

    const metricsHere = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metricsHere.status).toBe(200);
    expect(await metricsHere.text()).toContain(
      'kacmac_graphql_request_duration_seconds_count{operation="TracedLookup"',
    );
    expect((await fetch(`${base}/metrics`)).status).toBe(404);

    // The stop flushes every span still buffered, so all of them are checked below.
    expect(await server.stop()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();

    const spans = spansOf(received);
    const dbSystem = (s: OtlpSpan) => String(attribute(s, 'db.system') ?? attribute(s, 'db.system.name'));
    expect(spans.filter((s) => attribute(s, 'http.request.method') === 'POST')).not.toHaveLength(0);
    expect(spans.filter((s) => attribute(s, 'http.request.method') === 'GET')).not.toHaveLength(0);
    expect(spans.filter((s) => attribute(s, 'graphql.operation.name') === 'TracedLookup')).not.toHaveLength(
      0,
    );
    const statements = spans.filter((s) => ['mysql', 'mariadb'].includes(dbSystem(s)));
    expect(
      statements.map((s) => String(attribute(s, 'db.query.text') ?? attribute(s, 'db.statement'))),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/FROM .?subscribers/)]));
    expect(received.join('')).toContain('kacmac-tracing-test');
    const exported = received.join('\n');
    for (const personal of ['zelda.trace', 'Zelda', 'Tracewell', token, 'agent-trace']) {
      expect(exported).not.toContain(personal);
    }
    for (const span of spans) {
      for (const key of ['client.address', 'network.peer.address', 'url.query']) {
        expect(attribute(span, key)).toBeUndefined();
      }
    }
  } catch (error) {
    if (server) console.error(server.output());
    throw error;
  } finally {
    server?.child.kill('SIGKILL');
    await new Promise((resolve) => collector.close(resolve));
  }
}, 90_000);
