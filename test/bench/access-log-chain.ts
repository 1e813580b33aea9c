import { randomBytes } from 'node:crypto';
import { chainHash, ChainedEntry, GENESIS_HASH, keyedChainHash } from '../../src/access-log/hash-chain';

/**
 * What keying the access-log chain costs: the same entries chained with plain sha-256 and
 * with HMAC-SHA256, median of 7 runs each. CPU only (the database's share of appending and
 * verifying is unchanged). `npx ts-node --transpile-only test/bench/access-log-chain.ts [entries]`
 */
const count = Number(process.argv[2] ?? 100_000);
const key = randomBytes(32);
const entries: ChainedEntry[] = Array.from({ length: count }, (_, i) => ({
  id: String(i + 1),
  at: new Date(Date.UTC(2026, 0, 1) + i * 1000),
  requestId: '2f1c7c1e-7a35-4f4c-9a55-3f0f6a3e9d10',
  actorId: `billing-${i % 50}`,
  actorRole: 'BILLING',
  subscriberId: String(i % 10_000),
  category: 'BILLING',
  fields: ['billing.cardLast4', 'payments'],
  basis: 'ID_VERIFICATION',
  disclosureExceptionId: null,
  operation: 'subscriber',
}));

function chainAll(hash: (previous: string, entry: ChainedEntry) => string): number {
  const started = process.hrtime.bigint();
  let previous = GENESIS_HASH;
  for (const entry of entries) previous = hash(previous, entry);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const plain: number[] = [];
const keyed: number[] = [];
for (let run = 0; run < 7; run++) {
  plain.push(chainAll(chainHash));
  keyed.push(chainAll((previous, entry) => keyedChainHash(key, previous, entry)));
}
const [p, k] = [median(plain), median(keyed)];
console.log(`${count} entries, median of 7 runs`);
console.log(`plain sha-256 chain:  ${p.toFixed(1)} ms (${((p * 1000) / count).toFixed(2)} µs per entry)`);
console.log(`HMAC-SHA256 chain:    ${k.toFixed(1)} ms (${((k * 1000) / count).toFixed(2)} µs per entry)`);
console.log(`keyed / plain:        ${(k / p).toFixed(2)}`);
