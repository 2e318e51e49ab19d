// Child-process servers: start one and wait for its "listening on http://..." line, read its RSS and CPU time from /proc, stop it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  /** what the process wrote on stderr (kept for error messages) */
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** where stdout (the JSON request log) goes; /dev/null when omitted */
  stdoutFile?: string;
  timeoutMs?: number;
}

const LISTENING = /listening on (http:\/\/\S+)/;

export function startServer(opts: StartOptions): Promise<ServerProcess> {
  const out = fs.openSync(opts.stdoutFile ?? '/dev/null', 'w');
  const child = spawn(opts.command, opts.args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', out, 'pipe'] });
  fs.closeSync(out);
  let stderr = '';
  let listening = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('timed out waiting for it to listen')), opts.timeoutMs ?? 30_000);
    const earlyExit = (code: number | null, signal: string | null) => fail(new Error(`exited (${code ?? signal}) before listening`));
    function fail(err: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${opts.name}: ${err.message}\n${stderr}`));
    }
    child.once('error', fail);
    child.once('exit', earlyExit);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const match = listening ? null : LISTENING.exec(stderr);
      if (!match) return;
      listening = true;
      clearTimeout(timer);
      child.off('exit', earlyExit);
      resolve({
        name: opts.name, url: match[1]!.replace(/\/$/, ''), pid: child.pid!, child,
        stderr: () => stderr,
        stop: () => stopChild(child),
      });
    });
  });
}

/** SIGTERM (the servers shut down gracefully, which also writes a --cpu-prof profile), SIGKILL after 60 s (it first finishes the requests in flight). */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The process and its children (the workers of serve --workers), from /proc (Linux); [pid] elsewhere. */
function processTree(pid: number): number[] {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    return [pid, ...children];
  } catch {
    return [pid];
  }
}

function sumOverTree(pid: number, read: (pid: number) => number | undefined): number | undefined {
  let total: number | undefined;
  for (const p of processTree(pid)) {
    const value = read(p);
    if (value !== undefined) total = (total ?? 0) + value;
  }
  return total;
}

/**
 * Resident set size in MB from /proc (Linux), summed over the process and its workers; undefined elsewhere or
 * once the process is gone.
 */
export function readRssMb(pid: number): number | undefined {
  return sumOverTree(pid, (p) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  });
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the maximum seen. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number | undefined } {
  let max: number | undefined;
  const sample = () => {
    const rss = readRssMb(pid);
    if (rss !== undefined && (max === undefined || rss > max)) max = rss;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU time (user + system) the process and its workers have used so far, in ms, from /proc (Linux). On a shared
 * machine this is steadier than requests/s: CPU per request does not drop when another process takes the cores.
 */
export function readCpuMs(pid: number): number | undefined {
  return sumOverTree(pid, (p) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) / clockTicks()) * 1000;
    } catch {
      return undefined;
    }
  });
}

/**
 * Bytes the process and its workers have had read from storage (not served from the page cache), from
 * /proc/PID/io: a ledger file whose pages the OS has dropped is read back from the disk, one page per miss.
 */
export function readStorageReadBytes(pid: number): number | undefined {
  return sumOverTree(pid, (p) => {
    try {
      const match = /^read_bytes: (\d+)$/m.exec(fs.readFileSync(`/proc/${p}/io`, 'utf8'));
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  });
}

/**
 * Waits until the process has used under 10% of a core for two samples in a row: requests still in flight
 * when a load run ends (a queue of batches can take many seconds) must not spill into the next measurement.
 */
export async function waitForIdle(pid: number, maxMs = 120_000): Promise<void> {
  const intervalMs = 250;
  let quiet = 0;
  let last = readCpuMs(pid);
  for (let waited = 0; waited < maxMs && quiet < 2; waited += intervalMs) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const now = readCpuMs(pid);
    if (now === undefined || last === undefined) return;
    quiet = now - last < intervalMs * 0.1 ? quiet + 1 : 0;
    last = now;
  }
}
