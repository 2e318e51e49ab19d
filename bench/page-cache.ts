// Reads a ledger file into the OS page cache before a write scenario, and says how much of it was there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * What warming found and cost. Why it is needed: this VM (DAMON, `pageout` of unmapped file pages idle for about
 * a minute) drops the pages of a ledger file nobody touched for a while, as the large ledger's during the read
 * rounds (every read answered from the read cache). The first records after that wait for the disk, page by
 * page; a server recording steadily keeps the pages it writes in memory, and that steady state is what the
 * write scenarios measure.
 */
export interface PageCacheWarming {
  file_mb: number;
  /** share of the file's bytes in the page cache before warming (util-linux fincore; null without it) */
  cached_before: number | null;
  cached_after: number | null;
  seconds: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Share of the file's bytes in the page cache, from util-linux `fincore`; null where it is not installed. */
export function cachedShare(file: string): number | null {
  try {
    const out = execFileSync('fincore', ['--bytes', '--noheadings', '--raw', '--output', 'RES,SIZE', file], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [resident, size] = out.trim().split(/\s+/).map(Number) as [number, number];
    return size > 0 ? round(Math.min(1, resident / size), 3) : null;
  } catch {
    return null;
  }
}

function readThrough(file: string, buffer: Buffer): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return 0; // no write-ahead log yet
  }
  let total = 0;
  try {
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) total += n;
  } finally {
    fs.closeSync(fd);
  }
  return total;
}

/** Reads the ledger file and its write-ahead log once, front to back (sequential reads: a second or two per GB). */
export function warmIntoPageCache(file: string): PageCacheWarming {
  const cachedBefore = cachedShare(file);
  const started = process.hrtime.bigint();
  const buffer = Buffer.allocUnsafe(4 << 20);
  const bytes = readThrough(file, buffer) + readThrough(`${file}-wal`, buffer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { file_mb: round(bytes / 2 ** 20, 0), cached_before: cachedBefore, cached_after: cachedShare(file), seconds: round(seconds, 2) };
}
