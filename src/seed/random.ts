/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same demo
 * data on every machine, so figures measured on seeded data can be reproduced.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * A stream of its own for item `id` under `seed` (murmur3's finaliser mixes the two),
   * so that an item's values do not depend on how many values the items before it drew.
   */
  static forItem(seed: number, id: number): SeededRandom {
    let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(id >>> 0, 0x85ebca6b)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return new SeededRandom((h ^ (h >>> 16)) >>> 0);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A time between `from` and `to` (ms since the epoch), uniformly. */
  between(from: number, to: number): number {
    return from + Math.floor(this.next() * Math.max(0, to - from));
  }
}
