import { chainHash, canonicalJson, GENESIS_HASH } from '../../src/access-log/hash-chain';

describe('hash chain', () => {
  const entry = {
    id: '1',
    at: new Date('2026-01-01T00:00:00Z'),
    requestId: 'r',
    actorId: 'a',
    actorRole: 'ADMIN',
    subscriberId: '7',
    category: 'BILLING',
    fields: ['billing'],
    basis: 'ROLE',
    disclosureExceptionId: null,
    operation: 'subscriber',
  };
  test('is deterministic and changes with any field or the previous hash', () => {
    expect(canonicalJson(entry)).toBe(canonicalJson({ ...entry }));
    const hash = chainHash(GENESIS_HASH, entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...entry, actorId: 'b' })).not.toBe(hash);
    expect(chainHash('1'.repeat(64), entry)).not.toBe(hash);
  });
});
