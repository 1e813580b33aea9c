import { createHmac } from 'node:crypto';
import {
  chainHash,
  canonicalJson,
  ChainedEntry,
  GENESIS_HASH,
  keyedChainHash,
  memoJson,
} from '../../src/access-log/hash-chain';

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

  /** The format as first written: the bytes every stored entry was hashed over. */
  const asFirstWritten = (e: ChainedEntry) =>
    JSON.stringify([
      ['id', String(e.id)],
      ['at', e.at.toISOString()],
      ['requestId', e.requestId],
      ['actorId', e.actorId],
      ['actorRole', e.actorRole],
      ['subscriberId', e.subscriberId === null ? null : String(e.subscriberId)],
      ['category', e.category],
      ['fields', e.fields],
      ['basis', e.basis],
      ['disclosureExceptionId', e.disclosureExceptionId === null ? null : String(e.disclosureExceptionId)],
      ['operation', e.operation],
    ]);

  test('serialises every entry to the bytes of the format it was first written in', () => {
    const odd = ['', 'quote " and \\ backslash', 'line\nbreak', 'ünïcødé ✓', '\u0000\u001f', '\ud800'];
    let checked = 0;
    const memo = memoJson();
    const key = Buffer.from('a key for the test, not a secret');
    for (let i = 0; i < 2000; i++) {
      const pick = (offset: number) => odd[(i + offset) % odd.length];
      const e: ChainedEntry = {
        id: String(1 + i * 7919),
        at: new Date(Date.UTC(1990, 0, 1) + i * 987_654_321),
        requestId: `req-${pick(0)}`,
        actorId: pick(1),
        actorRole: 'BILLING',
        subscriberId: i % 3 === 0 ? null : String(i),
        category: i % 2 ? 'BILLING' : 'USAGE',
        fields: i % 5 === 0 ? [] : ['Payment.amountCents', pick(2)],
        basis: 'ID_VERIFICATION',
        disclosureExceptionId: i % 4 === 0 ? String(i) : null,
        operation: i % 6 === 0 ? null : pick(3),
      };
      expect(canonicalJson(e)).toBe(asFirstWritten(e));
      // An append encodes through one memo for all its entries: the bytes are the same.
      expect(canonicalJson(e, memo)).toBe(asFirstWritten(e));
      const independent = createHmac('sha256', key)
        .update(GENESIS_HASH)
        .update(asFirstWritten(e))
        .digest('hex');
      expect(keyedChainHash(key, GENESIS_HASH, e, memo)).toBe(independent);
      checked++;
    }
    expect(checked).toBe(2000);
  });
});
