import { config, Config } from '../config';

/**
 * The keys of the access-log chain (docs/design.md section 3): the current ACCESS_LOG_KEY keys
 * every new entry and is named by ACCESS_LOG_KEY_ID in the entry's `key_id`; retired keys
 * (ACCESS_LOG_PREVIOUS_KEYS) stay for verification, for as long as the log is kept.
 * ACCESS_LOG_LEGACY_UNTIL is the last entry written before the log was keyed.
 */
export interface AccessLogKeyring {
  currentId: string;
  current: Buffer;
  byId(id: string): Buffer | undefined;
  legacyUntil: bigint;
}

export function accessLogKeyring(
  cfg: Pick<
    Config,
    'ACCESS_LOG_KEY' | 'ACCESS_LOG_KEY_ID' | 'ACCESS_LOG_PREVIOUS_KEYS' | 'ACCESS_LOG_LEGACY_UNTIL'
  > = config(),
): AccessLogKeyring {
  const keys = new Map<string, Buffer>();
  for (const [id, key] of Object.entries(cfg.ACCESS_LOG_PREVIOUS_KEYS))
    keys.set(id, Buffer.from(key, 'base64'));
  const current = Buffer.from(cfg.ACCESS_LOG_KEY, 'base64');
  keys.set(cfg.ACCESS_LOG_KEY_ID, current);
  return {
    currentId: cfg.ACCESS_LOG_KEY_ID,
    current,
    byId: (id) => keys.get(id),
    legacyUntil: BigInt(cfg.ACCESS_LOG_LEGACY_UNTIL),
  };
}
