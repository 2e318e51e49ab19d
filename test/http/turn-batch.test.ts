// The turn batch: what one turn of the event loop gathers, handled together in its check phase or when drained.
import { describe, expect, it } from 'vitest';
import { TurnBatch } from '../../src/http/turn-batch.js';

const checkPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBatch', () => {
  it('hands over nothing before the check phase, then everything added in the turn as one batch, in order', async () => {
    const batches: number[][] = [];
    const batch = new TurnBatch<number>((items) => batches.push(items));
    for (let i = 0; i < 5; i++) batch.add(i);
    await Promise.resolve();
    await new Promise((resolve) => process.nextTick(resolve));
    expect(batches).toEqual([]);
    await checkPhase();
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('makes one batch a turn', async () => {
    const batches: string[][] = [];
    const batch = new TurnBatch<string>((items) => batches.push(items));
    batch.add('a');
    batch.add('b');
    await checkPhase();
    batch.add('c');
    await checkPhase();
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });

  it('leaves what is added while a batch is handled for the next turn', async () => {
    const batches: string[][] = [];
    const batch = new TurnBatch<string>((items) => {
      batches.push(items);
      if (items.includes('first')) batch.add('added while handling');
    });
    batch.add('first');
    await checkPhase();
    expect(batches).toEqual([['first']]);
    await checkPhase();
    expect(batches).toEqual([['first'], ['added while handling']]);
  });

  it('hands over at once when drained, and the check phase then finds nothing it has already handed over', async () => {
    const batches: string[][] = [];
    const batch = new TurnBatch<string>((items) => batches.push(items));
    batch.add('early');
    batch.drain();
    expect(batches).toEqual([['early']]);
    batch.drain();
    batch.add('later');
    await checkPhase();
    expect(batches).toEqual([['early'], ['later']]);
  });
});
