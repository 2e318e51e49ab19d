// The production log destination: lines batched per loop turn, never dropped or reordered, flushed at exit.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { batchedDestination } from '../../src/http/observability/log-destination.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('batchedDestination', () => {
  it('hands the lines of one loop turn over in one write, in order', async () => {
    const writes: string[] = [];
    const destination = batchedDestination({ write: (chunk) => void writes.push(chunk) });
    destination.write('a\n');
    destination.write('b\n');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['a\nb\n']);
    destination.write('c\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('gives up what it still holds, once', () => {
    const destination = batchedDestination({ write: () => {} });
    destination.write('x\n');
    expect(destination.takePending()).toBe('x\n');
    expect(destination.takePending()).toBe('');
  });
});

describe('stdoutLogDestination', () => {
  it('writes every line, in order, even when the process exits in the turn that logged them', async () => {
    // The built module (npm test builds first), in a process of its own whose stdout is a pipe.
    const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/http/observability/log-destination.js');
    const script = `import { stdoutLogDestination } from ${JSON.stringify(pathToFileURL(built).href)};
      const log = stdoutLogDestination();
      for (let i = 0; i < 3; i++) log.write('early ' + i + '\\n');
      setImmediate(() => { for (let i = 0; i < 2000; i++) log.write('late ' + i + '\\n'); process.exit(0); });`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 1 << 24 }, (err, out) => (err ? reject(err) : resolve(out)));
    });
    const expected = [...[0, 1, 2].map((i) => `early ${i}`), ...Array.from({ length: 2000 }, (_, i) => `late ${i}`)];
    expect(stdout.split('\n').filter(Boolean)).toEqual(expected);
  });
});
