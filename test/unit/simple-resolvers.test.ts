import { getMetadataStorage } from 'type-graphql';
import { buildBareSchema } from '../../src/schema';

/**
 * A field read straight from its object needs no resolver of its own: without one, the
 * compiled operation (src/http/compiled-execution.ts) reads the property inline. type-graphql
 * otherwise gives every such field a resolver that builds its middleware context per read
 * (~2 000 reads on the dashboard page; docs/performance.md, "Fourth round"). Fields with a
 * resolver method keep it, and so do those the access rules wrap (src/access).
 */
const schema = buildBareSchema();
const fieldsOf = (type: string) => {
  const found = schema.getType(type);
  if (!found || !('getFields' in found)) throw new Error(`no type ${type}`);
  return found.getFields() as Record<string, { resolve?: unknown }>;
};

test('every object type is declared with simple resolvers', () => {
  const types = getMetadataStorage().objectTypes;
  expect(types.length).toBeGreaterThan(20);
  expect(types.filter((type) => type.simpleResolvers !== true).map((type) => type.name)).toEqual([]);
});

test('property fields have no resolver; resolver methods keep theirs', () => {
  for (const [type, field] of [
    ['Session', 'startedAt'],
    ['Session', 'ipAddress'],
    ['SupportTicket', 'subject'],
    ['SessionEdge', 'node'],
    ['SessionEdge', 'cursor'],
    ['PageInfo', 'endCursor'],
    ['PostalAddress', 'city'],
    ['Subscriber', 'id'],
  ]) {
    expect([type, field, fieldsOf(type)[field].resolve]).toEqual([type, field, undefined]);
  }
  expect(fieldsOf('Subscriber').sessions.resolve).toBeInstanceOf(Function);
  expect(fieldsOf('SessionConnection').totalCount.resolve).toBeInstanceOf(Function);
  // Wrapped beneath the access rules for erased accounts (access/purged-account.ts).
  expect(fieldsOf('Subscriber').email.resolve).toBeInstanceOf(Function);
});
