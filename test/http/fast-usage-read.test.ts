// The resources-usage fast path against the Fastify route it stands in for: two real servers over one ledger, the same
// requests, the same answers (status, headers in order, body, log line), and the fast path taken only for plain 200s.
import http from 'node:http';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signRequest } from '../../src/auth/signing/sign.js';
import type { AppDeps } from '../../src/http/deps.js';
import { LedgerMetrics } from '../../src/http/observability/ledger-metrics.js';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { grantPackage } from '../../src/services/grant-package.js';
import { revokeCredential } from '../../src/services/revoke-credential.js';
import { updateProject } from '../../src/services/update-project.js';
import { buildApp } from '../support/app.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';
import { parsePrometheus, sampleValue } from '../support/prometheus.js';

interface Served {
  app: FastifyInstance;
  port: number;
  metrics: LedgerMetrics;
  lines: Array<Record<string, unknown>>;
}

interface Answer {
  status: number;
  requestId: string | undefined;
  headers: Array<[string, string]>;
  body: string;
}

interface Call {
  method?: string;
  path: string;
  credential?: Pick<IssuedCredential, 'accessKey' | 'secretKey'>;
  projectId?: string;
  date?: Date;
  /** headers sent as they are, after signing (a tampered signature, a body) */
  extra?: Record<string, string>;
  body?: string;
}

// Values that differ between any two answers whatever answered them.
const PER_RESPONSE_HEADERS = new Set(['date', 'x-request-id']);

/** The call's headers: signed when it has a credential, then its extra headers as they are. */
function headersOf(port: number, call: Call, clock: Date): Record<string, string> {
  const signed = call.credential
    ? signRequest({
      method: call.method ?? 'GET', url: `http://127.0.0.1:${port}${call.path}`, accessKey: call.credential.accessKey,
      secretKey: call.credential.secretKey, projectId: call.projectId, date: call.date ?? clock, body: call.body,
    })
    : { Host: `127.0.0.1:${port}`, ...(call.projectId ? { 'X-Project-Id': call.projectId } : {}) };
  return { ...signed, ...call.extra };
}

function send(port: number, call: Call, clock: Date, agent: http.Agent | false = false): Promise<Answer> {
  const method = call.method ?? 'GET';
  const headers = headersOf(port, call, clock);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: call.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = res.rawHeaders;
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
        const requestId = res.headers['x-request-id'] as string | undefined;
        resolve({
          status: res.statusCode ?? 0,
          requestId,
          headers: pairs.map(([n, v]) => [n, PER_RESPONSE_HEADERS.has(n) ? '*' : v]),
          // Error bodies may name the request: its id is the one value allowed to differ.
          body: requestId ? Buffer.concat(chunks).toString('utf8').replaceAll(requestId, '<id>') : Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

/** The head of the request `send` would make, as the bytes on the wire (for raw sockets; bodiless calls only). */
function requestText(port: number, call: Call, clock: Date): string {
  const lines = Object.entries(headersOf(port, call, clock)).map(([n, v]) => `${n}: ${v}`);
  return [`${call.method ?? 'GET'} ${call.path} HTTP/1.1`, ...lines, '', ''].join('\r\n');
}

/** Writes the requests in one go on one connection and reads as many answers (status, body with its id masked). */
function pipelined(port: number, requests: string[]): Promise<Array<{ status: number; body: string }>> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(requests.join('')));
    let received = Buffer.alloc(0);
    const answers: Array<{ status: number; body: string }> = [];
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (;;) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = received.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (received.length < end + 4 + length) break;
        const id = /\r\nx-request-id: *(\S+)/i.exec(head)?.[1];
        const body = received.subarray(end + 4, end + 4 + length).toString('utf8');
        answers.push({ status: Number(head.split(' ')[1]), body: id ? body.replaceAll(id, '<id>') : body });
        received = received.subarray(end + 4 + length);
      }
      if (answers.length === requests.length) {
        socket.destroy();
        resolve(answers);
      }
    });
  });
}

async function fastReads(served: Served): Promise<number> {
  return sampleValue(parsePrometheus(await served.metrics.registry.metrics()), 'ledger_http_fast_reads_total') ?? 0;
}

/** The log line of one answered request, without what differs from run to run. */
async function lineOf(served: Served, requestId: string | undefined): Promise<Record<string, unknown>> {
  const line = await vi.waitFor(() => {
    const found = served.lines.find((l) => l.request_id === requestId);
    if (!found) throw new Error(`no log line for ${requestId}`);
    return found;
  });
  const { time: _time, pid: _pid, request_id: _id, duration_ms: duration, ...rest } = line;
  expect(typeof duration).toBe('number');
  return rest;
}

describeBackends('resources-usage fast path', (backend) => {
  let ledger: TestLedger;
  let fast: Served;
  let reference: Served;
  let projectId: string;
  let tenant: IssuedCredential;
  let otherTenant: IssuedCredential;
  let admin: IssuedCredential;
  let service: IssuedCredential;
  let childId: string;
  let revoked: IssuedCredential;

  async function serve(extra: Partial<AppDeps>): Promise<Served> {
    const lines: Array<Record<string, unknown>> = [];
    const metrics = new LedgerMetrics({ processMetrics: false });
    const app = await buildApp(ledger, () => ledger.now, {
      ...extra, metrics, log: true, logStream: { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    return { app, port: address.port, metrics, lines };
  }

  /** The same request to both servers: the same answer and log line; whether the fast path answered it. */
  async function compare(call: Call): Promise<{ answer: Answer; tookFastPath: boolean }> {
    const before = await fastReads(fast);
    const expected = await send(reference.port, call, ledger.now);
    const answer = await send(fast.port, call, ledger.now);
    expect(answer.status).toBe(expected.status);
    expect(answer.headers).toEqual(expected.headers);
    expect(answer.body).toBe(expected.body);
    expect(answer.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(await lineOf(fast, answer.requestId)).toEqual(await lineOf(reference, expected.requestId));
    expect(await fastReads(reference)).toBe(0);
    return { answer, tookFastPath: (await fastReads(fast)) > before };
  }

  const usagePath = (query = '', project = projectId) => `/v1/${project}/tenants/resources-usage${query}`;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
    projectId = await ledger.addProject();
    tenant = await ledger.addCredential(projectId);
    await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '6000', usage: '100.5' });
    await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '0.1', usage: '0.05', source: 'ADMIN_ALLOCATED' });
    await ledger.grant(projectId, { resourceType: 'modeling_count_2d_model', amount: '10', usage: '3' });
    await ledger.grant(projectId, { resourceType: 'hws.resource.type.metastudio.modeling.flexus.avatar.number', amount: '1' });
    const other = await ledger.addProject();
    otherTenant = await ledger.addCredential(other);
    const operators = await ledger.addProject();
    admin = await ledger.addCredential(operators, 'admin');
    service = await ledger.addCredential(operators, 'service');
    // A customer of projectId: the service provider's tenant credential may read it.
    childId = await ledger.addProject();
    await ledger.grant(childId, { resourceType: 'voice_clone_basic', amount: '3', usage: '1' });
    await updateProject(ledger.ctx, { projectId: childId, parentProjectId: projectId });
    revoked = await ledger.addCredential(projectId);
    await revokeCredential(ledger.ctx, revoked.accessKey);
    fast = await serve({});
    reference = await serve({ fastUsageRead: false });
  });

  afterAll(async () => {
    await fast.app.close();
    await reference.app.close();
    await ledger.close();
  });

  describe('answers a plain signed read itself, exactly as the route would', () => {
    it.each([
      ['a tenant, with X-Project-Id', () => ({ path: usagePath(), credential: tenant, projectId })],
      ['a tenant, without X-Project-Id', () => ({ path: usagePath(), credential: tenant })],
      ['one resource type', () => ({ path: usagePath('?resource=video_time_2d_model'), credential: tenant, projectId })],
      ['a business type', () => ({ path: usagePath('?business=MODELING_2D'), credential: tenant, projectId })],
      ['lists, repeated and with blanks', () => ({
        path: usagePath('?resource=video_time_2d_model,,modeling_count_2d_model&resource=video_time_2d_model&business='),
        credential: tenant, projectId,
      })],
      ['an empty filter', () => ({ path: usagePath('?resource='), credential: tenant, projectId })],
      ['an admin credential', () => ({ path: usagePath(), credential: admin })],
      ["the service provider reading its customer", () => ({ path: usagePath('', childId), credential: tenant })],
    ] as Array<[string, () => Call]>)('%s', async (_name, call) => {
      const { answer, tookFastPath } = await compare(call());
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).resources.length).toBeGreaterThan(0);
      expect(tookFastPath).toBe(true);
    });

    it('reads the sums with the credential in one statement where the store can (PostgreSQL), as the route does', async () => {
      const calls = async (operation: string) => sampleValue(parsePrometheus(await fast.metrics.registry.metrics()),
        'ledger_db_operation_duration_seconds_count', { operation }) ?? 0;
      const operations = ['findCredential', 'findCredentialWithUsage', 'sumUsage'];
      const before = await Promise.all(operations.map(calls));
      const { tookFastPath } = await compare({ path: usagePath('?resource=video_time_2d_model'), credential: tenant, projectId });
      expect(tookFastPath).toBe(true);
      const spent = (await Promise.all(operations.map(calls))).map((n, i) => n - before[i]!);
      expect(spent).toEqual(backend === 'postgres' ? [0, 1, 0] : [1, 0, 1]);
    });

    it('shows a change committed a moment before (no stale answer)', async () => {
      const first = await compare({ path: usagePath(), credential: tenant, projectId });
      await ledger.grant(projectId, { resourceType: 'voice_clone_middle', amount: '2' });
      const second = await compare({ path: usagePath(), credential: tenant, projectId });
      expect(second.tookFastPath).toBe(true);
      expect(second.answer.body).not.toBe(first.answer.body);
      expect(second.answer.body).toContain('voice_clone_middle');
    });

    it('answers reads that arrive together each with its own answer', async () => {
      const calls: Call[] = [
        { path: usagePath(), credential: tenant, projectId },
        { path: usagePath('?resource=video_time_2d_model'), credential: tenant, projectId },
        { path: usagePath('?business=MODELING_2D'), credential: tenant },
        { path: usagePath('', childId), credential: tenant },
        { path: usagePath(), credential: admin },
      ];
      // Connections opened first, so that the requests go out in one burst and reach the server in one poll.
      const agents = [new http.Agent({ keepAlive: true, maxSockets: 40 }), new http.Agent({ keepAlive: true, maxSockets: 40 })];
      const burst = (port: number, agent: http.Agent) =>
        Promise.all(Array.from({ length: 40 }, (_, i) => send(port, calls[i % calls.length]!, ledger.now, agent)));
      const expected = await burst(reference.port, agents[0]!);
      await burst(fast.port, agents[1]!);
      const before = await fastReads(fast);
      const answers = await burst(fast.port, agents[1]!).finally(() => agents.forEach((agent) => agent.destroy()));
      answers.forEach((answer, i) => {
        const reference = expected[i]!;
        expect(answer.status).toBe(200);
        expect(answer.headers).toEqual(reference.headers);
        expect(answer.body).toBe(reference.body);
      });
      expect(new Set(answers.map((a) => a.requestId)).size).toBe(40);
      expect(await fastReads(fast)).toBe(before + 40);
    });

    it('answers pipelined requests on one connection in order, fast and handed-over alike', async () => {
      const calls: Call[] = [
        { path: usagePath(), credential: tenant, projectId },
        { path: usagePath('?resource=no_such_type'), credential: tenant, projectId },
        { path: usagePath('?resource=video_time_2d_model'), credential: tenant, projectId },
        { path: usagePath('', childId), credential: tenant },
      ];
      const expected = [];
      for (const call of calls) expected.push(await send(reference.port, call, ledger.now));
      const before = await fastReads(fast);
      const answers = await pipelined(fast.port, calls.map((call) => requestText(fast.port, call, ledger.now)));
      expect(answers.map((a) => a.status)).toEqual([200, 400, 200, 200]);
      expect(answers.map((a) => a.body)).toEqual(expected.map((e) => e.body));
      expect(await fastReads(fast)).toBe(before + 3);
    });

    it('answers the reads of one poll together: one freshness check for all, and a write in between seen by the next', async () => {
      const checks = async () => sampleValue(parsePrometheus(await fast.metrics.registry.metrics()), 'ledger_read_cache_checks_total') ?? 0;
      const call = { path: usagePath('?resource=voice_clone_advance'), credential: tenant, projectId };
      // Written in one go on one connection: read from the socket at once, so every request arrives in one poll.
      const burst = () => pipelined(fast.port, Array.from({ length: 20 }, () => requestText(fast.port, call, ledger.now)));
      const [expected] = await pipelined(reference.port, [requestText(reference.port, call, ledger.now)]);
      const before = await checks();
      const first = await burst();
      expect(first.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(first.map((a) => a.body)).toEqual(Array(20).fill(expected!.body));
      // SQLite's read cache asks the database once for the poll (twice at most, had the kernel split the write).
      if (backend === 'sqlite') {
        // At least once: the reference's read checked before these arrived, so the first must check again.
        expect(await checks() - before).toBeGreaterThanOrEqual(1);
        expect(await checks() - before).toBeLessThanOrEqual(2);
      }
      // Another process (a CLI command, another server) commits between two polls: the next poll's reads all see it.
      const other = await ledger.openAnother();
      await grantPackage({ ...ledger.ctx, store: other }, { projectId, resourceType: 'voice_clone_advance', amount: '4' });
      const second = await burst();
      expect(second.map((a) => a.status)).toEqual(Array(20).fill(200));
      for (const answer of second) {
        expect(answer.body).not.toBe(expected!.body);
        expect(JSON.parse(answer.body).resources).toEqual([expect.objectContaining({ resource_type: 'voice_clone_advance' })]);
      }
    });

    it('answers the next read after a client left before its answer was written', async () => {
      const before = await fastReads(fast);
      const call = { path: usagePath(), credential: tenant, projectId };
      const socket = net.connect(fast.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.end(requestText(fast.port, call, ledger.now), () => socket.destroy());
      await vi.waitFor(async () => expect(await fastReads(fast)).toBe(before + 1));
      const { answer, tookFastPath } = await compare(call);
      expect(answer.status).toBe(200);
      expect(tookFastPath).toBe(true);
    });
  });

  describe('hands everything else to the route, which answers as it always did', () => {
    it.each([
      ['an unknown resource type', () => ({ path: usagePath('?resource=no_such_type'), credential: tenant, projectId }), 400],
      ['an unknown business type', () => ({ path: usagePath('?business=NOPE'), credential: tenant, projectId }), 400],
      ['a percent-encoded filter', () => ({ path: usagePath('?resource=video%5Ftime_2d_model'), credential: tenant, projectId }), 200],
      ['a parameter the route ignores', () => ({ path: usagePath('?limit=5'), credential: tenant, projectId }), 200],
      ['a trailing slash', () => ({ path: `${usagePath()}/`, credential: tenant, projectId }), 200],
      ['X-Project-Id of another project', () => ({ path: usagePath(), credential: tenant, projectId: childId }), 403],
      ["another tenant's credential", () => ({ path: usagePath(), credential: otherTenant }), 403],
      ['a service credential', () => ({ path: usagePath(), credential: service }), 403],
      ['a revoked credential', () => ({ path: usagePath(), credential: revoked, projectId }), 401],
      ['no credentials', () => ({ path: usagePath(), projectId }), 401],
      ['a signature that does not match', () => ({
        path: usagePath(), credential: { accessKey: tenant.accessKey, secretKey: `${tenant.secretKey}x` }, projectId,
      }), 401],
      ['an unknown access key', () => ({ path: usagePath(), credential: { accessKey: 'NOSUCHKEY0000000000A', secretKey: 'x' } }), 401],
      ['a date outside the window', () => ({
        path: usagePath(), credential: tenant, projectId, date: new Date(ledger.now.getTime() - 20 * 60_000),
      }), 401],
      ['HEAD', () => ({ method: 'HEAD', path: usagePath(), credential: tenant, projectId }), 200],
      // The route reads no body on a GET, so a signature over one cannot match there.
      ['a body', () => ({ path: usagePath(), credential: tenant, projectId, body: '{}', extra: { 'Content-Length': '2' } }), 401],
      ['a project id longer than 64 characters', () => ({ path: usagePath('', 'p'.repeat(65)), credential: admin }), 200],
    ] as Array<[string, () => Call, number]>)('%s', async (_name, call, status) => {
      const { answer, tookFastPath } = await compare(call());
      expect(answer.status).toBe(status);
      expect(tookFastPath).toBe(false);
    });

    it('a project that does not exist: the same empty answer (plain, so from the fast path)', async () => {
      const { answer, tookFastPath } = await compare({ path: usagePath('', 'f'.repeat(32)), credential: admin });
      expect([answer.status, answer.body]).toEqual([200, '{"resources":[]}']);
      expect(tookFastPath).toBe(true);
    });
  });

  it('answers any mix of path, filters, project header and credential as the route does', async () => {
    const word = fc.constantFrom('resource', 'business', 'limit', 'video_time_2d_model', 'modeling_count_2d_model',
      'MODELING_2D', 'VIDEO_2D', 'no_such_type', '', ',', '%2C', '%5F', '+', '%20', '=', '&', '%', 'a'.repeat(70));
    const query = fc.option(fc.array(fc.tuple(fc.constantFrom('resource', 'business', 'limit', 'Resource', ''), fc.array(word, { maxLength: 3 }),
      fc.boolean()), { maxLength: 4 }).map((pairs) => pairs.map(([k, v, eq]) => `${k}${eq ? '=' : ''}${v.join('')}`).join('&')));
    let taken = 0;
    await fc.assert(fc.asyncProperty(
      // Weighted toward the plain read, so that both paths are taken in every run.
      fc.constantFrom('own', 'own', 'child', 'other', 'unknown'), query,
      fc.constantFrom('tenant', 'tenant', 'admin', 'service', 'other', 'none'),
      fc.constantFrom('same', 'same', 'none', 'other'), fc.constantFrom('', '', '', '/'),
      async (whose, q, who, header, slash) => {
        const project = { own: projectId, child: childId, other: 'e'.repeat(32), unknown: 'f'.repeat(32) }[whose];
        const credential = { tenant, admin, service, other: otherTenant, none: undefined }[who];
        const path = `/v1/${project}/tenants/resources-usage${slash}${q === null ? '' : `?${q}`}`;
        const projectHeader = header === 'same' ? project : header === 'other' ? childId : undefined;
        const { answer, tookFastPath } = await compare({ path, credential, projectId: projectHeader });
        expect(answer.status).toBeLessThan(500);
        if (tookFastPath) taken++;
      },
    ), { numRuns: 100 });
    // Both paths were exercised, or the comparison would prove nothing.
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(100);
  });

  it('locks a key out after five failed signatures on both, the fast path counting nothing twice', async () => {
    const victim = await ledger.addCredential(projectId);
    const wrong = { accessKey: victim.accessKey, secretKey: `${victim.secretKey}x` };
    for (let i = 0; i < 5; i++) {
      const { answer } = await compare({ path: usagePath(), credential: wrong, projectId });
      expect(answer.status).toBe(401);
    }
    const { answer, tookFastPath } = await compare({ path: usagePath(), credential: victim, projectId });
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('locked');
    expect(tookFastPath).toBe(false);
  });

  it('four failures and then a success clear the count on both, as the route does', async () => {
    const victim = await ledger.addCredential(projectId);
    const wrong = { accessKey: victim.accessKey, secretKey: `${victim.secretKey}x` };
    for (let i = 0; i < 4; i++) await compare({ path: usagePath(), credential: wrong, projectId });
    expect((await compare({ path: usagePath(), credential: victim, projectId })).tookFastPath).toBe(true);
    for (let i = 0; i < 4; i++) await compare({ path: usagePath(), credential: wrong, projectId });
    const { answer } = await compare({ path: usagePath(), credential: victim, projectId });
    expect(answer.status).toBe(200);
  });

  describe('with a rate limit', () => {
    let limitedFast: Served;
    let limitedReference: Served;

    beforeAll(async () => {
      limitedFast = await serve({ rateLimit: { count: 3, windowMs: 3_600_000 } });
      limitedReference = await serve({ rateLimit: { count: 3, windowMs: 3_600_000 }, fastUsageRead: false });
    });

    afterAll(async () => {
      await limitedFast.app.close();
      await limitedReference.app.close();
    });

    it('spends one token per answered read and refuses the same request, refusals and errors included', async () => {
      const reader = await ledger.addCredential(projectId);
      const calls: Array<[Call, number]> = [
        [{ path: usagePath(), credential: reader, projectId }, 200],
        // Refused by the route after the rate limit took its token: the fast path must not take one more.
        [{ path: usagePath('?resource=no_such_type'), credential: reader, projectId }, 400],
        [{ path: usagePath(), credential: reader, projectId: childId }, 403],
        [{ path: usagePath(), credential: reader, projectId }, 429],
        [{ path: usagePath(), credential: reader, projectId }, 429],
      ];
      for (const [call, status] of calls) {
        const expected = await send(limitedReference.port, call, ledger.now);
        const answer = await send(limitedFast.port, call, ledger.now);
        expect([answer.status, expected.status]).toEqual([status, status]);
        expect(answer.headers).toEqual(expected.headers);
        expect(answer.body).toBe(expected.body);
      }
      expect(await fastReads(limitedFast)).toBe(1);
    });
  });
});
