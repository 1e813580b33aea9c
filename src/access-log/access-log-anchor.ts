import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { clock } from '../common/clock';
import type { AccessLogKeyring } from './access-log-keys';

/**
 * An anchor is the chain's head (last id and hash, the time of that entry), signed with the
 * access-log key, printed by `npm run access-log:anchor` for an operator to keep outside
 * the database (docs/design.md section 3). Verifying against it proves the log still holds
 * that entry with that hash: nothing before it was rewritten, not even by someone who
 * had the key later, and nothing was cut off the end.
 */
export interface AccessLogAnchor {
  id: string;
  hash: string;
  /** When the head entry was written; null for an empty log. */
  at: string | null;
  anchoredAt: string;
  keyId: string;
  signature: string;
}

const CONTEXT = 'kacmac-access-log-anchor/1';

const anchorSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().nullable(),
  anchoredAt: z.string(),
  keyId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

function signatureOf(key: Buffer, anchor: Omit<AccessLogAnchor, 'signature'>): string {
  const payload = JSON.stringify([
    CONTEXT,
    anchor.id,
    anchor.hash,
    anchor.at,
    anchor.anchoredAt,
    anchor.keyId,
  ]);
  return createHmac('sha256', key).update(payload).digest('hex');
}

/** The signed head of the log as it is now. */
export async function takeAnchor(db: DataSource, keys: AccessLogKeyring): Promise<AccessLogAnchor> {
  const [head] = await db.query('SELECT last_id, last_hash FROM access_log_head WHERE id = 1');
  const [last] = await db.query('SELECT at FROM access_log WHERE id = ?', [String(head.last_id)]);
  const unsigned = {
    id: String(head.last_id),
    hash: String(head.last_hash),
    at: last ? new Date(last.at).toISOString() : null,
    anchoredAt: clock.now().toISOString(),
    keyId: keys.currentId,
  };
  return { ...unsigned, signature: signatureOf(keys.current, unsigned) };
}

/** Reads an anchor as printed (JSON); throws a plain Error saying what is wrong. */
export function parseAnchor(text: string): AccessLogAnchor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('the anchor is not JSON');
  }
  const parsed = anchorSchema.safeParse(value);
  if (!parsed.success) throw new Error('the anchor lacks id, hash, at, anchoredAt, keyId or signature');
  return parsed.data;
}

export function anchorSignatureValid(anchor: AccessLogAnchor, keys: AccessLogKeyring): boolean {
  const key = keys.byId(anchor.keyId);
  if (!key) return false;
  const { signature, ...unsigned } = anchor;
  const expected = Buffer.from(signatureOf(key, unsigned), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
