// The server narrows V8's heap growth at start, unless whoever started the process chose a growth of their own.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../src/http/heap-growth.js';

describe('limitHeapGrowth', () => {
  it("leaves a growth given on node's command line alone", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=50'])).toBe(false);
    expect(limitHeapGrowth(['--max-old-space-size=512', '--heap_growing_percent=0'])).toBe(false);
  });

  it('sets its own otherwise', () => {
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(limitHeapGrowth(['--enable-source-maps'])).toBe(true);
  });

  it('keeps a grown heap closer to what is alive in a real process', () => {
    // Long-lived arrays (a cache) plus a stream of objects that live a little while (a batch's), as under batches:
    // the old generation's peak, measured in a child, is lower with the factor set than with V8's own.
    const script = `
      const { limitHeapGrowth } = await import(${JSON.stringify(path.resolve('dist/http/heap-growth.js'))});
      if (process.argv[1] === 'limit') limitHeapGrowth([]);
      const v8 = await import('node:v8');
      const kept = Array.from({ length: 400 }, () => Array.from({ length: 10_000 }, (_, i) => ({ i })));
      let peak = 0;
      let held = [];
      for (let round = 0; round < 300; round++) {
        held.push(Array.from({ length: 20_000 }, (_, i) => ({ i, s: 'x' + i })));
        if (held.length > 3) held.shift();
        peak = Math.max(peak, v8.getHeapStatistics().used_heap_size);
      }
      console.log(Math.round(peak / 1048576), kept.length);`;
    const peakMb = (mode: string) => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script, mode], { encoding: 'utf8' }).split(' ')[0]);
    const limited = peakMb('limit');
    const unlimited = peakMb('default');
    expect(limited).toBeLessThan(unlimited);
  }, 60_000);
});
