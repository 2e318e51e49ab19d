// How often each key was asked for lately, approximately, in fixed memory: a count-min sketch that ages (TinyLFU).

const ROWS = 4;
// Counters stop at 15: telling "often" from "very often" is all admission needs, and aging halves them anyway.
const MAX_COUNT = 15;

/** FNV-1a over the UTF-16 code units: fast, and spread well enough for four derived positions. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Each key counts in four counters (one per row, positions derived from one hash); its frequency is the smallest
 * of them, an overestimate only where every one of its counters is shared with more frequent keys. After
 * `10 x width` increments every counter is halved, so what was asked for long ago fades and new habits count.
 */
export class FrequencySketch {
  private readonly counters: Uint8Array;
  private readonly mask: number;
  private increments = 0;
  private readonly resetAfter: number;

  /** `expectedKeys`: about how many distinct keys matter at once (the width is the next power of two). */
  constructor(expectedKeys: number) {
    let width = 1024;
    while (width < expectedKeys && width < 1 << 22) width *= 2;
    this.mask = width - 1;
    this.counters = new Uint8Array(ROWS * width);
    this.resetAfter = 10 * width;
  }

  /** Counts one request for `key`. */
  increment(key: string): void {
    const h = hash(key);
    for (let r = 0; r < ROWS; r++) {
      const i = this.slot(h, r);
      if (this.counters[i]! < MAX_COUNT) this.counters[i]!++;
    }
    if (++this.increments >= this.resetAfter) this.age();
  }

  /** How often `key` was asked for lately (0 to 15). */
  frequency(key: string): number {
    const h = hash(key);
    let min = MAX_COUNT;
    for (let r = 0; r < ROWS; r++) min = Math.min(min, this.counters[this.slot(h, r)]!);
    return min;
  }

  /** Double hashing: row r uses h + r * step, with an odd step taken from the hash's high bits. */
  private slot(h: number, row: number): number {
    return row * (this.mask + 1) + ((h + row * ((h >>> 16) | 1)) & this.mask);
  }

  private age(): void {
    for (let i = 0; i < this.counters.length; i++) this.counters[i] = this.counters[i]! >>> 1;
    this.increments = 0;
  }
}
