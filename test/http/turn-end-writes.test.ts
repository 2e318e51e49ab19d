// The turn-end queue: responses written together in the check phase, in order, a faulty one not stopping the rest.
import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { turnEndWrites } from '../../src/http/turn-end-writes.js';

/** Just what the queue touches of a response: whether it was destroyed. */
function response(): http.ServerResponse & { destroyedByQueue: boolean } {
  const res = { destroyedByQueue: false, destroy() { res.destroyedByQueue = true; return res; } };
  return res as unknown as http.ServerResponse & { destroyedByQueue: boolean };
}

const checkPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('turnEndWrites', () => {
  it('writes nothing before the check phase, then everything queued in the turn, in order', async () => {
    const written: number[] = [];
    const writes = turnEndWrites(() => { throw new Error('no fault expected'); });
    for (let i = 0; i < 5; i++) writes.add({ res: response(), write: () => written.push(i) });
    await Promise.resolve();
    process.nextTick(() => written.push(-1));
    await new Promise((resolve) => process.nextTick(resolve));
    expect(written).toEqual([-1]);
    await checkPhase();
    expect(written).toEqual([-1, 0, 1, 2, 3, 4]);
  });

  it('writes at once when drained', () => {
    const written: string[] = [];
    const writes = turnEndWrites(() => { throw new Error('no fault expected'); });
    writes.add({ res: response(), write: () => written.push('answer') });
    writes.drain();
    expect(written).toEqual(['answer']);
  });

  it('reports a write that throws, destroys its response and still writes the others', async () => {
    const faults: unknown[] = [];
    const written: string[] = [];
    const writes = turnEndWrites((err) => faults.push(err));
    const broken = response();
    const fine = response();
    writes.add({ res: broken, write: () => { throw new Error('bad header'); } });
    writes.add({ res: fine, write: () => written.push('fine') });
    await checkPhase();
    expect(faults).toEqual([new Error('bad header')]);
    expect(broken.destroyedByQueue).toBe(true);
    expect(fine.destroyedByQueue).toBe(false);
    expect(written).toEqual(['fine']);
  });
});
