import DataLoader from 'dataloader';

/**
 * The DataLoaders of one request (docs/design.md section 7), created on first use. A loader
 * whose queries depend on arguments (page size, cursor, range) is keyed by them, so that
 * every subscriber on a page asking for the same page of sessions shares one batch.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = create() as DataLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders rows to match `keys`, as DataLoader requires; missing keys answer `fallback`. */
export function byKeys<K, R, V>(
  keys: readonly K[],
  rows: R[],
  keyOf: (row: R) => K,
  map: (rows: R[]) => V,
): V[] {
  const grouped = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = grouped.get(key);
    if (list) list.push(row);
    else grouped.set(key, [row]);
  }
  return keys.map((key) => map(grouped.get(key) ?? []));
}
