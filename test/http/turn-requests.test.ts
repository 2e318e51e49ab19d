// Requests handled by turn: a poll's requests handed over together, in order, stamped with their arrival; Fastify's too.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/auth/signing/sign.js';
import { LedgerMetrics } from '../../src/http/observability/ledger-metrics.js';
import { type Arrival, arrivalOf, handleRequestsByTurn, takeRequestListener } from '../../src/http/turn-requests.js';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { grantPackage } from '../../src/services/grant-package.js';
import { buildApp } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';
import { parsePrometheus, sampleValue } from '../support/prometheus.js';

/** Writes the requests in one go on one connection; resolves with the statuses of as many answers and all it read. */
function pipelined(port: number, requests: string[]): Promise<{ statuses: number[]; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(requests.join('')));
    let received = '';
    socket.on('error', reject);
    // After every answer this settles nothing more; before it, the server dropped the connection.
    socket.on('close', () => reject(new Error('the connection closed before every answer')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      if (statuses.length === requests.length && received.endsWith('}')) {
        socket.destroy();
        resolve({ statuses, text: received });
      }
    });
  });
}

describe('handleRequestsByTurn', () => {
  /** A server handled by turn with `handle`; what it handed over, turn by turn, and the faults reported. */
  async function turnServer(handle: (arrival: Arrival) => void) {
    const server = http.createServer(() => {});
    const turns: Arrival[][] = [[]];
    const faults: unknown[] = [];
    takeRequestListener(server);
    handleRequestsByTurn(server, {
      handle: (arrival) => { turns.at(-1)!.push(arrival); handle(arrival); },
      turnEnd: () => { turns.push([]); },
    }, (err) => faults.push(err));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    return { port, turns: () => turns.filter((t) => t.length > 0), faults, close };
  }

  const request = (n: number) => `GET /r${n} HTTP/1.1\r\nHost: x\r\n\r\n`;

  it('hands the requests of one poll over together, in order, each stamped with when it arrived', async () => {
    const served = await turnServer(({ res }) => res.end('{}'));
    try {
      expect((await pipelined(served.port, [1, 2, 3, 4, 5].map(request))).statuses).toEqual([200, 200, 200, 200, 200]);
      // One write, read at once: one turn (two, had the kernel split it).
      expect(served.turns().length).toBeLessThanOrEqual(2);
      const arrivals = served.turns().flat();
      expect(arrivals.map((a) => a.req.url)).toEqual(['/r1', '/r2', '/r3', '/r4', '/r5']);
      for (const arrival of arrivals) expect(arrivalOf(arrival.req)).toBe(arrival.arrivedAt);
      const times = arrivals.map((a) => a.arrivedAt);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    } finally {
      await served.close();
    }
  });

  it('reports a request whose handling throws, drops it, and still handles the others of its turn', async () => {
    const served = await turnServer(({ req, res }) => {
      if (req.url === '/r2') throw new Error('a bug');
      res.end('{}');
    });
    try {
      // Separate connections: the dropped one ends its own, the others are answered.
      const answers = await Promise.allSettled([1, 2, 3].map((n) => pipelined(served.port, [request(n)])));
      expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(served.faults).toEqual([new Error('a bug')]);
    } finally {
      await served.close();
    }
  });

  it("takes the server's one request listener, and refuses a server with another number of them", () => {
    const listener = () => {};
    const server = http.createServer(listener);
    expect(takeRequestListener(server)).toBe(listener);
    expect(server.listenerCount('request')).toBe(0);
    expect(() => takeRequestListener(server)).toThrow(/one request listener, found 0/);
  });
});

describe('requests answered by Fastify, handled by turn', () => {
  let ledger: TestLedger;
  let tenant: IssuedCredential;
  let projectId: string;
  let metrics: LedgerMetrics;
  let port: number;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'));
    projectId = await ledger.addProject();
    tenant = await ledger.addCredential(projectId);
    await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '10', usage: '1' });
    metrics = new LedgerMetrics({ processMetrics: false });
    // Without the fast path every read is Fastify's.
    const app = await buildApp(ledger, () => ledger.now, { metrics, fastUsageRead: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as net.AddressInfo).port;
    close = () => app.close();
  });

  afterAll(async () => {
    await close();
    await ledger.close();
  });

  it("checks the SQLite read cache once for the requests of one poll, and see another process's commit in the next", async () => {
    const checks = async () => sampleValue(parsePrometheus(await metrics.registry.metrics()), 'ledger_read_cache_checks_total')!;
    const path = `/v1/${projectId}/tenants/resources-usage?resource=voice_clone_basic`;
    const read = () => {
      const headers = signRequest({
        method: 'GET', url: `http://127.0.0.1:${port}${path}`, accessKey: tenant.accessKey, secretKey: tenant.secretKey, date: ledger.now,
      });
      return [`GET ${path} HTTP/1.1`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
    };
    await pipelined(port, [read()]);
    const before = await checks();
    const first = await pipelined(port, Array.from({ length: 20 }, read));
    expect(first.statuses).toEqual(Array(20).fill(200));
    expect(first.text).not.toContain('voice_clone_basic');
    const spent = (await checks()) - before;
    expect(spent).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThanOrEqual(2);
    const other = await ledger.openAnother();
    await grantPackage({ ...ledger.ctx, store: other }, { projectId, resourceType: 'voice_clone_basic', amount: '2' });
    const second = await pipelined(port, Array.from({ length: 20 }, read));
    expect(second.statuses).toEqual(Array(20).fill(200));
    expect(second.text.match(/"resource_type":"voice_clone_basic"/g)).toHaveLength(20);
  });
});
