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
    const writeAtTurnEnd = turnEndWrites(() => { throw new Error('no fault expected'); });
    for (let i = 0; i < 5; i++) writeAtTurnEnd(response(), () => written.push(i));
    await Promise.resolve();
    process.nextTick(() => written.push(-1));
    await new Promise((resolve) => process.nextTick(resolve));
    expect(written).toEqual([-1]);
    await checkPhase();
    expect(written).toEqual([-1, 0, 1, 2, 3, 4]);
  });

  it('starts a new batch in the next turn for what is queued while one is written', async () => {
    const written: string[] = [];
    const writeAtTurnEnd = turnEndWrites(() => { throw new Error('no fault expected'); });
    writeAtTurnEnd(response(), () => {
      written.push('first');
      writeAtTurnEnd(response(), () => written.push('queued while writing'));
    });
    await checkPhase();
    expect(written).toEqual(['first']);
    await checkPhase();
    expect(written).toEqual(['first', 'queued while writing']);
  });

  it('reports a write that throws, destroys its response and still writes the others', async () => {
    const faults: unknown[] = [];
    const written: string[] = [];
    const writeAtTurnEnd = turnEndWrites((err) => faults.push(err));
    const broken = response();
    const fine = response();
    writeAtTurnEnd(broken, () => { throw new Error('bad header'); });
    writeAtTurnEnd(fine, () => written.push('fine'));
    await checkPhase();
    expect(faults).toEqual([new Error('bad header')]);
    expect(broken.destroyedByQueue).toBe(true);
    expect(fine.destroyedByQueue).toBe(false);
    expect(written).toEqual(['fine']);
  });
});
