// Where the JSON log goes in production: stdout, handed over once per event-loop turn instead of once per line.
import pino from 'pino';

export interface LogDestination {
  write(line: string): void;
}

export interface BatchedDestination extends LogDestination {
  /** Takes out what was gathered and not yet handed over (for writing it synchronously at exit). */
  takePending(): string;
}

/**
 * Gathers lines and hands them to `target` together after the current loop turn (setImmediate): under load
 * one write carries the lines of many requests, while a quiet server still writes a line right after it.
 */
export function batchedDestination(target: LogDestination): BatchedDestination {
  let pending = '';
  let scheduled = false;
  const handOver = () => {
    scheduled = false;
    const chunk = pending;
    pending = '';
    if (chunk !== '') target.write(chunk);
  };
  return {
    write(line: string) {
      pending += line;
      if (!scheduled) {
        scheduled = true;
        setImmediate(handOver);
      }
    },
    takePending() {
      const chunk = pending;
      pending = '';
      return chunk;
    },
  };
}

let shared: LogDestination | undefined;

/**
 * Each write to stdout is a system call; pino's default destination makes one per line on the threadpool, and
 * under load that cost more server CPU than building the lines. Here the lines of a loop turn go out in one
 * synchronous write (pino's destination in sync mode, which retries partial and refused writes). So nothing
 * is reordered, and at exit the lines of the last turn are written before the process ends. Like console.log,
 * a stdout reader that stops reading holds the server up rather than letting lines pile up in memory.
 */
export function stdoutLogDestination(): LogDestination {
  if (shared) return shared;
  const target = pino.destination({ dest: process.stdout.fd ?? 1, sync: true });
  const batched = batchedDestination(target);
  process.on('exit', () => {
    const last = batched.takePending();
    try {
      if (last !== '') target.write(last);
    } catch {
      // stdout is gone or refuses more while the process ends: there is nowhere left to report it.
    }
  });
  shared = batched;
  return shared;
}
