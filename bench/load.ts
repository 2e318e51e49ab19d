// Drives a server with autocannon (keep-alive connections on loopback) and measures rate, latency and the server's RSS.
import autocannon from 'autocannon';
import { readCpuMs, readStorageReadBytes, sampleRss } from './server-process.js';
import type { SignedRequest } from './signed-requests.js';

export interface LoadSpec {
  label: string;
  url: string;
  connections: number;
  seconds: number;
  /** send exactly this many requests and wait for all answers, instead of running `seconds` */
  amount?: number;
  /** the next request to send (called once per request) */
  next: () => SignedRequest;
  /** statuses that count as answered as intended; anything else makes the run invalid */
  expected: readonly number[];
  /** server process whose RSS is sampled during the run */
  serverPid?: number;
  /** called with each expected response body (autocannon then keeps bodies; only for the batch run) */
  onBody?: (status: number, body: string) => void;
  /** autocannon's per-request timeout in seconds (default 10) */
  timeoutSeconds?: number;
}

export interface LoadResult {
  label: string;
  requests: number;
  seconds: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  rss_mb: number | null;
  /** server CPU time (user + system) per answered request, and the share of one core it used */
  server_cpu_ms_per_request: number | null;
  server_cpu_percent: number | null;
  /** KB the server read from the disk per answered request (page-cache misses of the OS, not of SQLite) */
  server_disk_read_kb_per_request: number | null;
  /** share of one core the load generator (this process) used: near 100%, the client is the limit */
  client_cpu_percent: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** set when more than 0.1% of the answers were unexpected or the connections failed */
  invalid?: string;
}

/** Latencies of the expected answers in ms, with sub-millisecond resolution (autocannon's histogram keeps whole ms). */
class LatencyLog {
  private values = new Float64Array(1 << 16);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = ms;
  }

  percentiles(): { p50: number; p99: number; max: number } {
    const sorted = this.values.subarray(0, this.n).sort();
    const at = (q: number) => (this.n === 0 ? 0 : sorted[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)]!);
    return { p50: at(0.5), p99: at(0.99), max: at(1) };
  }
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function clientPercent(before: NodeJS.CpuUsage, seconds: number): number {
  const used = process.cpuUsage(before);
  return round(((used.user + used.system) / 1000 / (seconds * 1000)) * 100, 0);
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies = new LatencyLog();
  const expected = new Set(spec.expected);
  const statuses: Record<string, number> = {};
  let answered = 0;
  const rss = spec.serverPid === undefined ? undefined : sampleRss(spec.serverPid);
  const cpuBefore = spec.serverPid === undefined ? undefined : readCpuMs(spec.serverPid);
  const diskBefore = spec.serverPid === undefined ? undefined : readStorageReadBytes(spec.serverPid);
  const clientBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        ...(spec.amount === undefined ? { duration: spec.seconds } : { amount: spec.amount }),
        timeout: spec.timeoutSeconds ?? 10,
        requests: [{
          setupRequest: (req) => ({ ...req, ...spec.next() }) as autocannon.Request,
          ...(spec.onBody ? { onResponse: (status: number, body: string) => expected.has(status) && spec.onBody!(status, body) } : {}),
        }],
      },
      (err: unknown, result: autocannon.Result) => {
        const maxRss = rss?.stop();
        const cpuAfter = spec.serverPid === undefined ? undefined : readCpuMs(spec.serverPid);
        const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
        const diskAfter = spec.serverPid === undefined ? undefined : readStorageReadBytes(spec.serverPid);
        const diskKb = diskBefore === undefined || diskAfter === undefined ? undefined : (diskAfter - diskBefore) / 1024;
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const { p50, p99, max } = latencies.percentiles();
        const unexpected = Object.entries(statuses).filter(([s]) => !expected.has(Number(s))).reduce((a, [, c]) => a + c, 0);
        const out: LoadResult = {
          label: spec.label, requests: answered, seconds: result.duration,
          requests_per_s: round(answered / result.duration, answered / result.duration < 10 ? 2 : 0), p50_ms: round(p50, 3), p99_ms: round(p99, 3), max_ms: round(max, 3),
          rss_mb: maxRss === undefined ? null : round(maxRss, 1),
          server_cpu_ms_per_request: cpuMs === undefined || answered === 0 ? null : round(cpuMs / answered, 3),
          server_cpu_percent: cpuMs === undefined ? null : round((cpuMs / (result.duration * 1000)) * 100, 0),
          server_disk_read_kb_per_request: diskKb === undefined || answered === 0 ? null : round(diskKb / answered, 1),
          client_cpu_percent: clientPercent(clientBefore, result.duration),
          statuses, errors: result.errors, timeouts: result.timeouts,
        };
        const total = answered + unexpected + result.errors;
        if (total === 0) out.invalid = 'no answer at all';
        else if ((unexpected + result.errors) / total > 0.001) {
          out.invalid = `${unexpected} unexpected statuses and ${result.errors} connection errors in ${total} requests`;
        }
        resolve(out);
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (!expected.has(statusCode)) return;
      answered++;
      latencies.add(responseTime);
    });
  });
}
