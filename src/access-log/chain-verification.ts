import type { DataSource } from 'typeorm';
import { AccessLogEntity } from './access-log.entity';
import { accessLogKeyring, AccessLogKeyring } from './access-log-keys';
import { AccessLogAnchor, anchorSignatureValid } from './access-log-anchor';
import { toChainedEntry } from './access-log.service';
import { chainHash, ChainedEntry, GENESIS_HASH, keyedChainHash } from './hash-chain';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  /** Why the chain does not hold (for operators; the API answers ok/checked/firstBrokenId). */
  problem?: string;
}

export interface VerifyOptions {
  /** A signed head kept outside the database (`npm run access-log:anchor`). */
  anchor?: AccessLogAnchor;
  keys?: AccessLogKeyring;
  batchSize?: number;
}

/**
 * Walks the whole chain in id order, in batches, recomputing every hash (docs/design.md
 * section 3): an edited, removed or inserted entry breaks it at the first place it
 * touches. Entries carry the id of the key of their HMAC; plain sha-256 entries (written
 * before the log was keyed) are accepted only as the chain's first ACCESS_LOG_LEGACY_UNTIL
 * entries, so a chain re-computed with plain sha-256 does not verify.
 */
export async function verifyAccessLog(
  db: DataSource,
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  const keys = options.keys ?? accessLogKeyring();
  const anchor = options.anchor;
  if (anchor && !anchorSignatureValid(anchor, keys)) {
    return { ok: false, checked: 0, firstBrokenId: null, problem: 'the anchor is not signed by a known key' };
  }
  let previous = GENESIS_HASH;
  let expectedId = 1n;
  let checked = 0;
  let afterId = '0';
  let keyedSeen = false;
  const broken = (id: bigint | string, problem: string): ChainVerification => ({
    ok: false,
    checked,
    firstBrokenId: String(id),
    problem,
  });
  for (;;) {
    const rows = await db
      .getRepository(AccessLogEntity)
      .createQueryBuilder('l')
      .where('l.id > :afterId', { afterId })
      .orderBy('l.id', 'ASC')
      .limit(options.batchSize ?? 2000)
      .getMany();
    if (rows.length === 0) break;
    for (const row of rows) {
      let entry: ChainedEntry;
      try {
        entry = toChainedEntry(row);
      } catch {
        return broken(row.id, 'an entry does not parse');
      }
      if (BigInt(row.id) !== expectedId) return broken(row.id, 'an entry is missing before this one');
      if (row.prevHash !== previous) return broken(row.id, 'the entry does not follow the one before it');
      let expected: string;
      if (row.keyId === null) {
        if (keyedSeen || expectedId > keys.legacyUntil) {
          return broken(row.id, 'a plain sha-256 entry beyond ACCESS_LOG_LEGACY_UNTIL');
        }
        expected = chainHash(previous, entry);
      } else {
        const key = keys.byId(row.keyId);
        if (!key) return broken(row.id, 'the entry names a key that is not configured');
        keyedSeen = true;
        expected = keyedChainHash(key, previous, entry);
      }
      if (row.hash !== expected) return broken(row.id, 'the entry does not match its hash');
      if (anchor && String(row.id) === anchor.id && row.hash !== anchor.hash) {
        return broken(row.id, 'the entry differs from the anchor');
      }
      previous = row.hash;
      expectedId += 1n;
      checked += 1;
    }
    afterId = String(rows[rows.length - 1].id);
  }
  if (anchor && BigInt(anchor.id) > expectedId - 1n) {
    return broken(expectedId, 'the log ends before the anchored entry');
  }
  const [head] = await db.query('SELECT last_id, last_hash FROM access_log_head WHERE id = 1');
  // Entries cut off the end of the chain show as a head that points past the last row.
  if (BigInt(head.last_id) !== expectedId - 1n || head.last_hash !== previous) {
    return broken(expectedId, 'the head does not point at the last entry');
  }
  return { ok: true, checked, firstBrokenId: null };
}
