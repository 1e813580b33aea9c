import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { redactSpan, RedactingSpanExporter } from '../../src/observability/tracing';

/** What leaves the process in a span: nothing that names or locates a person. */
function span(): ReadableSpan {
  const prototype = { spanContext: () => ({ traceId: 't', spanId: 's', traceFlags: 1 }) };
  return Object.assign(Object.create(prototype), {
    name: 'POST /graphql',
    attributes: {
      'http.request.method': 'POST',
      'client.address': '203.0.113.9',
      'network.peer.address': '203.0.113.9',
      'url.query': 'query=%7Bsubscriber%7D&variables=%7B%22email%22%3A%22a%40b.c%22%7D',
      'graphql.variables.email': 'a@b.c',
      'db.query.text': 'SELECT id FROM subscribers WHERE id = ?',
    },
    events: [
      {
        name: 'exception',
        time: [0, 0],
        attributes: {
          'exception.type': 'QueryFailedError',
          'exception.message': "Duplicate entry 'someone@example.com' for key 'uq_email'",
          'exception.stacktrace': "QueryFailedError: Duplicate entry 'someone@example.com'",
        },
      },
      { name: 'note', time: [0, 0], attributes: { kept: true } },
    ],
    status: { code: 2, message: "Duplicate entry 'someone@example.com'" },
  }) as ReadableSpan;
}

test('addresses, query strings, variables, error messages and status texts are dropped', () => {
  const original = span();
  const redacted = redactSpan(original);
  expect(redacted.attributes).toEqual({
    'http.request.method': 'POST',
    'db.query.text': 'SELECT id FROM subscribers WHERE id = ?',
  });
  expect(redacted.events).toEqual([
    { name: 'exception', time: [0, 0], attributes: { 'exception.type': 'QueryFailedError' } },
    { name: 'note', time: [0, 0], attributes: { kept: true } },
  ]);
  expect(redacted.status).toEqual({ code: 2 });
  expect(JSON.stringify([redacted.attributes, redacted.events, redacted.status])).not.toMatch(
    /someone|203\.0|a@b/,
  );
  // The rest of the span is what it was; the original is not changed.
  expect(redacted.name).toBe('POST /graphql');
  expect(redacted.spanContext().spanId).toBe('s');
  expect(original.attributes['client.address']).toBe('203.0.113.9');
});

test('the exporter hands only redacted spans on', () => {
  const exported: ReadableSpan[] = [];
  const inner: SpanExporter = {
    export: (spans, done) => {
      exported.push(...spans);
      done({ code: 0 });
    },
    shutdown: async () => {},
  };
  new RedactingSpanExporter(inner).export([span()], () => {});
  expect(exported).toHaveLength(1);
  expect(exported[0].attributes['client.address']).toBeUndefined();
  expect(exported[0].status.message).toBeUndefined();
});
