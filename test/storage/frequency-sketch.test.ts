// The read cache's frequency sketch: counts per key, never below the truth, capped, and halved as it ages.
import { describe, expect, it } from 'vitest';
import { FrequencySketch } from '../../src/storage/sqlite/frequency-sketch.js';

describe('FrequencySketch', () => {
  it('counts each key on its own, never below how often it was asked for, up to 15', () => {
    const sketch = new FrequencySketch(1024);
    for (let i = 0; i < 5; i++) sketch.increment('packages\0a');
    for (let i = 0; i < 2; i++) sketch.increment('packages\0b');
    for (let i = 0; i < 40; i++) sketch.increment('credential\0c');
    expect(sketch.frequency('packages\0a')).toBe(5);
    expect(sketch.frequency('packages\0b')).toBe(2);
    expect(sketch.frequency('credential\0c')).toBe(15);
    expect(sketch.frequency('never asked')).toBe(0);
  });

  it('overestimates rarely while it holds a quarter of the keys it is sized for', () => {
    const sketch = new FrequencySketch(1024);
    for (let i = 0; i < 256; i++) sketch.increment(`packages\0${i.toString(16).padStart(32, '0')}`);
    const counts = Array.from({ length: 256 }, (_, i) => sketch.frequency(`packages\0${i.toString(16).padStart(32, '0')}`));
    expect(Math.min(...counts)).toBe(1);
    expect(counts.filter((f) => f > 1).length).toBeLessThan(8);
  });

  it('halves every count after ten increments per counter, so old habits fade', () => {
    const sketch = new FrequencySketch(1024);
    for (let i = 0; i < 12; i++) sketch.increment('old');
    expect(sketch.frequency('old')).toBe(12);
    // 1024 counters wide: the 10,240th increment ages the sketch.
    for (let i = 12; i < 10 * 1024; i++) sketch.increment(`other-${i % 2000}`);
    expect(sketch.frequency('old')).toBe(6);
  });
});
