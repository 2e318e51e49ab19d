// End to end: serve --workers 2 — two processes on one port and one ledger file, no stale read, metrics of both, a dead worker replaced.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/auth/signing/sign.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/ledger.js';
import { MeteringLedger, recordBody, recordPath, VIDEO, type Credential } from '../support/metering.js';

interface Answer {
  status: number;
  requestId: string;
  body: any;
}

/** One signed request on a connection of its own: the primary hands each new connection to the next worker. */
function onNewConnection(base: string, cred: Credential, method: string, pathAndQuery: string, body?: unknown): Promise<Answer> {
  const url = new URL(pathAndQuery, base);
  const raw = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = signRequest({ method, url, body: raw, accessKey: cred.access_key, secretKey: cred.secret_key });
  if (raw !== undefined) headers['Content-Length'] = String(Buffer.byteLength(raw));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, Connection: 'close' }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, requestId: String(res.headers['x-request-id']), body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${pathAndQuery}: no answer within 10 s`)));
    req.end(raw);
  });
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

/** request_id -> pid of the process that logged it, from the servers' JSON request log. */
function answeredBy(log: string): Map<string, number> {
  const byRequest = new Map<string, number>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; request_id?: string; pid?: number };
    if (entry.msg === 'request' && entry.request_id && entry.pid) byRequest.set(entry.request_id, entry.pid);
  }
  return byRequest;
}

function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('serve --workers 2', () => {
  let ledger: MeteringLedger;
  let primaryPid: number;
  const pairs: Array<{ write: Answer; read: Answer; usage: number }> = [];
  const ROUNDS = 20;

  beforeAll(async () => {
    ledger = await MeteringLedger.create({ grants: [{ amount: 100 }], serve: { args: ['--workers', '2'], requestLog: true } });
    primaryPid = ledger.servers[0]!.process.pid!;
  });
  afterAll(() => ledger?.stopServers());

  it('answers from two worker processes on one port, and a read right after a write always sees it', async () => {
    expect(ledger.servers[0]!.stderr()).toMatch(/listening on http:\/\/\S+ \(ledger .*, 2 workers\)/);
    const usagePath = `/v1/${ledger.projectId}/tenants/resources-usage?resource=${VIDEO}`;
    for (let i = 0; i < ROUNDS; i++) {
      const write = await onNewConnection(ledger.base, ledger.service, 'POST', recordPath(ledger.projectId), recordBody(`w-${i}`, 1));
      const read = await onNewConnection(ledger.base, ledger.tenant, 'GET', usagePath);
      expect([write.status, read.status]).toEqual([201, 200]);
      pairs.push({ write, read, usage: read.body.resources.reduce((sum: number, r: { usage: number }) => sum + r.usage, 0) });
    }
    expect(pairs.map((p) => p.usage)).toEqual(pairs.map((_, i) => i + 1));

    const workers = childPids(primaryPid);
    expect(workers).toHaveLength(2);
    // The request log is written once per event-loop turn: give the last lines a moment.
    await sleep(200);
    const byRequest = answeredBy(ledger.servers[0]!.stdout());
    const pidOf = (a: Answer) => byRequest.get(a.requestId);
    expect(new Set(pairs.flatMap((p) => [pidOf(p.write), pidOf(p.read)]))).toEqual(new Set(workers));
    // The case that matters: the read answered by the other process than the write it must see.
    expect(pairs.filter((p) => pidOf(p.write) !== pidOf(p.read)).length).toBeGreaterThanOrEqual(ROUNDS / 4);
  });

  it('sums /metrics over both workers', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      http.get(new URL('/metrics', ledger.base), { agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    // Each worker answered about half of them: only the sum over both reaches the number sent.
    expect(metricValue(text, 'ledger_http_requests_total{method="GET",route="/v1/:project_id/tenants/resources-usage",status="200"}'))
      .toBe(ROUNDS);
    expect(metricValue(text, 'ledger_usage_records_total{outcome="applied"}')).toBe(ROUNDS);
    expect(text.match(/^nodejs_version_info\{/gm)).toHaveLength(1);
  });

  it('replaces a worker that dies, and keeps answering meanwhile', { timeout: 30_000 }, async () => {
    const [victim, survivor] = childPids(primaryPid) as [number, number];
    process.kill(victim, 'SIGKILL');
    // A connection handed to the worker in the instant it dies is lost with it (Node's cluster cannot hand it back):
    // from the moment the primary has seen the death, every connection goes to a live worker.
    const noticed = () => ledger.servers[0]!.stderr().includes(`worker ${victim} exited (SIGKILL); starting another`);
    for (let tries = 0; tries < 200 && !noticed(); tries++) await sleep(50);
    expect(noticed()).toBe(true);
    const usagePath = `/v1/${ledger.projectId}/tenants/resources-usage`;
    const statuses: number[] = [];
    let workers = childPids(primaryPid);
    for (let tries = 0; tries < 200 && !(workers.length === 2 && !workers.includes(victim)); tries++) {
      statuses.push((await onNewConnection(ledger.base, ledger.tenant, 'GET', usagePath)).status);
      await sleep(50);
      workers = childPids(primaryPid);
    }
    expect(workers).toHaveLength(2);
    expect(workers).toContain(survivor);
    expect(workers).not.toContain(victim);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // The replacement serves as soon as it listens (its process exists a moment before).
    const replacement = workers.find((pid) => pid !== survivor)!;
    const served = () => new Set(answeredBy(ledger.servers[0]!.stdout()).values()).has(replacement);
    for (let tries = 0; tries < 100 && !served(); tries++) {
      expect((await onNewConnection(ledger.base, ledger.tenant, 'GET', usagePath)).status).toBe(200);
      await sleep(50);
    }
    expect(served()).toBe(true);
  });

  it('stops every process on SIGTERM after the requests in flight, and exits 0', { timeout: 30_000 }, async () => {
    const workers = childPids(primaryPid);
    const inFlight = onNewConnection(ledger.base, ledger.service, 'POST', recordPath(ledger.projectId), recordBody('last', 1));
    await sleep(5);
    const code = await ledger.servers[0]!.stop('SIGTERM');
    expect(code).toBe(0);
    expect((await inFlight).status).toBe(201);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    const check = await ledger.check();
    expect(check.code).toBe(0);
  });
});

describe('serve --workers that cannot start', () => {
  it('stops with the workers\' error and a non-zero exit when the port is taken', { timeout: 30_000 }, async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const dir = tempDir('tenant-ledger-workers-');
      const r = await runCli(['serve', '--workers', '2', '--port', String(port), '--db', path.join(dir, 'ledger.db')]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('EADDRINUSE');
      expect(r.stderr).toMatch(/a worker exited \([1-9]\d*\) before it was listening/);
      expect(r.stderr).not.toContain('listening on http');
    } finally {
      taken.close();
    }
  });
});

describe('serve --workers with a bad count', () => {
  it.each(['0', 'two', '65'])('refuses --workers %s before touching the ledger', async (count) => {
    const r = await runCli(['serve', '--workers', count, '--db', '/nonexistent/dir/ledger.db']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--workers: '.*' must be an integer from 1 to 64/);
  });
});
