// The credential-read batch: reads asked for in one callback go out together, in order, each answered with its own result.
import { describe, expect, it } from 'vitest';
import { CredentialReadBatch, type CredentialRead } from '../../src/storage/postgres/credential-read-batch.js';
import type { UsageSumQuery } from '../../src/storage/types.js';

const query = (projectId: string): UsageSumQuery => ({ projectId, now: new Date(0), resourceTypes: [], businessTypes: [] });

/** A batch whose statements answer each read with its access key, recording what each statement was sent. */
function recordingBatch(fail?: (reads: CredentialRead[]) => boolean) {
  const sent: Array<{ kind: 'one' | 'many'; keys: string[] }> = [];
  const batch = new CredentialReadBatch<string>(
    async (read) => {
      sent.push({ kind: 'one', keys: [read.accessKey] });
      if (fail?.([read])) throw new Error('statement failed');
      return `answer:${read.accessKey}`;
    },
    async (reads) => {
      sent.push({ kind: 'many', keys: reads.map((r) => r.accessKey) });
      if (fail?.(reads)) throw new Error('statement failed');
      return reads.map((r) => `answer:${r.accessKey}`);
    },
  );
  return { batch, sent };
}

describe('CredentialReadBatch', () => {
  it('sends the reads of one callback in one statement and answers each with its own row', async () => {
    const { batch, sent } = recordingBatch();
    const answers = await Promise.all(['a', 'b', 'c'].map((key) => batch.read(key, query(`p-${key}`))));
    expect(answers).toEqual(['answer:a', 'answer:b', 'answer:c']);
    expect(sent).toEqual([{ kind: 'many', keys: ['a', 'b', 'c'] }]);
  });

  it('sends a lone read through its own statement, and reads of different callbacks apart', async () => {
    const { batch, sent } = recordingBatch();
    expect(await batch.read('a', query('p'))).toBe('answer:a');
    const later = await Promise.all([batch.read('b', query('p')), batch.read('c', query('p'))]);
    expect(later).toEqual(['answer:b', 'answer:c']);
    expect(sent).toEqual([{ kind: 'one', keys: ['a'] }, { kind: 'many', keys: ['b', 'c'] }]);
  });

  it('sends at most 64 reads a statement', async () => {
    const { batch, sent } = recordingBatch();
    const keys = Array.from({ length: 130 }, (_, i) => `k${i}`);
    const answers = await Promise.all(keys.map((key) => batch.read(key, query('p'))));
    expect(answers).toEqual(keys.map((key) => `answer:${key}`));
    expect(sent.map((s) => [s.kind, s.keys.length])).toEqual([['many', 64], ['many', 64], ['many', 2]]);
    expect(sent.flatMap((s) => s.keys)).toEqual(keys);
  });

  it("fails every read of a statement that failed, and only those", async () => {
    const { batch } = recordingBatch((reads) => reads.some((r) => r.accessKey === 'k0'));
    const keys = Array.from({ length: 66 }, (_, i) => `k${i}`);
    const settled = await Promise.allSettled(keys.map((key) => batch.read(key, query('p'))));
    expect(settled.slice(0, 64).every((s) => s.status === 'rejected')).toBe(true);
    expect(settled.slice(64)).toEqual([{ status: 'fulfilled', value: 'answer:k64' }, { status: 'fulfilled', value: 'answer:k65' }]);
  });
});
