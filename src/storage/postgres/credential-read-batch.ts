// Credential-and-usage reads made in the same moment, gathered and sent to PostgreSQL as one statement.
import type { UsageSumQuery } from '../types.js';

interface Read<R> {
  accessKey: string;
  usage: UsageSumQuery;
  resolve: (value: R) => void;
  reject: (reason: unknown) => void;
}

export interface CredentialRead {
  accessKey: string;
  usage: UsageSumQuery;
}

// One statement's JSON parameter stays small (a read is ~200 bytes) and one slow read holds few others.
const MAX_READS = 64;

/**
 * Reads asked for before the current callback ends (the fast path starts the reads of a whole event-loop turn in
 * one callback: fast-usage-read.ts) are sent together at the next tick: one through `one` (a prepared statement
 * of its own), several through `many`, which answers them in order. On two shared cores a statement's fixed
 * cost (its protocol messages in Node, its executor start-up in the backend) outweighs the work of one read.
 * Each read is still one statement's snapshot, taken after the request arrived, as with a statement each.
 */
export class CredentialReadBatch<R> {
  private pending: Array<Read<R>> = [];

  constructor(
    private readonly one: (read: CredentialRead) => Promise<R>,
    private readonly many: (reads: CredentialRead[]) => Promise<R[]>,
  ) {}

  read(accessKey: string, usage: UsageSumQuery): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ accessKey, usage, resolve, reject });
      if (this.pending.length === 1) process.nextTick(this.send);
    });
  }

  private readonly send = (): void => {
    const reads = this.pending;
    this.pending = [];
    for (let start = 0; start < reads.length; start += MAX_READS) {
      const chunk = reads.slice(start, start + MAX_READS);
      if (chunk.length === 1) {
        const [read] = chunk as [Read<R>];
        this.one(read).then(read.resolve, read.reject);
        continue;
      }
      this.many(chunk).then(
        (results) => chunk.forEach((read, i) => read.resolve(results[i]!)),
        (err: unknown) => chunk.forEach((read) => read.reject(err)),
      );
    }
  };
}
