// Test fixture for the metering end-to-end suites: a ledger file set up through the CLI, signed calls to real servers.
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { signRequest } from '../../src/auth/signing/sign.js';
import { cliJson, runCli, startServerProcess, type RunningServer } from './cli.js';
import { newProjectId, tempDir } from './ledger.js';

export const VIDEO = 'video_time_2d_model';

export interface Credential {
  access_key: string;
  secret_key: string;
  project_id: string;
  role: 'tenant' | 'service' | 'admin';
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
}

/** One JSON usage record as the API answers it. */
export interface UsageRecordInfo {
  record_id: string;
  project_id: string;
  resource_type: string;
  business_type?: string;
  quantity: number;
  allocations: Array<{ resource_id: string; quantity: number }>;
  overflow_quantity: number;
  status: 'applied' | 'reversed';
  occurred_at: string;
  created_at: string;
}

export interface PackageInfo {
  resource_id: string;
  resource_type: string;
  amount: number;
  usage: number;
  status: 0 | 1;
}

export interface LedgerCheckResult {
  code: number;
  report: { ok: boolean; overdrawn_packages: number; mismatches: unknown[] } | undefined;
  stderr: string;
}

/** Sends one request signed with the credential's AK/SK; the body is serialised once so the signature covers its bytes. */
export async function signedFetch<T = any>(
  base: string, cred: Credential, method: string, pathAndQuery: string, body?: unknown,
  init: { signal?: AbortSignal } = {},
): Promise<ApiResponse<T>> {
  const url = new URL(pathAndQuery, base);
  const raw = body === undefined ? undefined : JSON.stringify(body);
  const headers = signRequest({ method, url, body: raw, accessKey: cred.access_key, secretKey: cred.secret_key });
  const response = await fetch(url, { method, headers, body: raw, signal: init.signal });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed as T, text };
}

/** The bytes of a signed HTTP/1.1 request, for tests that must control the socket themselves. */
export function rawSignedRequest(base: string, cred: Credential, method: string, pathAndQuery: string, body: unknown): Buffer {
  const url = new URL(pathAndQuery, base);
  const raw = Buffer.from(JSON.stringify(body), 'utf8');
  const headers = signRequest({ method, url, body: raw, accessKey: cred.access_key, secretKey: cred.secret_key });
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${raw.length}`, 'Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), raw]);
}

/** Sends a signed request with node:http and destroys it as soon as the request is fully written. */
export function sendAndAbort(base: string, cred: Credential, method: string, pathAndQuery: string, body: unknown): Promise<void> {
  const url = new URL(pathAndQuery, base);
  const raw = JSON.stringify(body);
  const headers = signRequest({ method, url, body: raw, accessKey: cred.access_key, secretKey: cred.secret_key });
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(raw)) }, agent: false });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      // Too late to interrupt it: drop it unread anyway.
      res.destroy();
      resolve();
    });
    req.on('finish', () => {
      req.destroy();
      resolve();
    });
    req.end(raw);
  });
}

export function recordPath(projectId: string): string {
  return `/admin/v1/projects/${projectId}/usage-records`;
}

export function recordBody(recordId: string, quantity: number | string, resourceType = VIDEO) {
  return { record_id: recordId, resource_type: resourceType, quantity };
}

/** A fresh ledger file with one project and its tenant, service and admin credentials, all made through the CLI. */
export class MeteringLedger {
  readonly servers: RunningServer[] = [];

  private constructor(
    readonly env: Record<string, string>,
    readonly dbPath: string,
    readonly projectId: string,
    readonly tenant: Credential,
    readonly service: Credential,
    readonly admin: Credential,
  ) {}

  static async create(): Promise<MeteringLedger> {
    const dbPath = path.join(tempDir('tenant-ledger-metering-'), 'ledger.db');
    const env = { LEDGER_DB: dbPath, LEDGER_MASTER_KEY: crypto.randomBytes(32).toString('hex'), LEDGER_QUIET: '1' };
    const projectId = newProjectId();
    await cliJson(['project', 'create', projectId], env);
    const [tenant, service, admin] = await Promise.all((['tenant', 'service', 'admin'] as const).map(
      (role) => cliJson<Credential>(['credential', 'create', projectId, '--role', role], env),
    ));
    return new MeteringLedger(env, dbPath, projectId, tenant, service, admin);
  }

  /** Grants a package through the CLI (while servers may be running on the same file). */
  grant(amount: number | string, extra: string[] = [], resourceType = VIDEO): Promise<PackageInfo> {
    return cliJson<PackageInfo>(['package', 'grant', this.projectId, '--resource-type', resourceType, '--amount', String(amount), ...extra], this.env);
  }

  async startServer(): Promise<RunningServer> {
    const server = await startServerProcess([], this.env);
    this.servers.push(server);
    return server;
  }

  /** Stops every server this ledger started that is still running. */
  async stopServers(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
  }

  /** `tenant-ledger ledger check --db F`: exit code and its JSON report. */
  async check(): Promise<LedgerCheckResult> {
    const r = await runCli(['ledger', 'check', '--db', this.dbPath], this.env);
    let report: LedgerCheckResult['report'];
    try {
      report = JSON.parse(r.stdout) as LedgerCheckResult['report'];
    } catch {
      report = undefined;
    }
    return { code: r.code, report, stderr: r.stderr };
  }

  record(base: string, recordId: string, quantity: number | string, cred = this.service): Promise<ApiResponse> {
    return signedFetch(base, cred, 'POST', recordPath(this.projectId), recordBody(recordId, quantity));
  }

  /** The tenant's own view: amount and usage of a resource type summed over its resources-usage rows. */
  async tenantUsage(base: string, resourceType = VIDEO): Promise<{ amount: number; usage: number; rows: number }> {
    const res = await signedFetch<{ resources: Array<{ amount: number; usage: number }> }>(
      base, this.tenant, 'GET', `/v1/${this.projectId}/tenants/resources-usage?resource=${resourceType}`,
    );
    if (res.status !== 200) throw new Error(`resources-usage answered ${res.status}: ${res.text}`);
    return {
      amount: sumExact(res.body.resources.map((r) => r.amount)),
      usage: sumExact(res.body.resources.map((r) => r.usage)),
      rows: res.body.resources.length,
    };
  }

  /** Every package of the project, frozen ones included (admin view). */
  async packages(base: string): Promise<PackageInfo[]> {
    const res = await signedFetch<{ packages: PackageInfo[] }>(base, this.admin, 'GET', `/admin/v1/projects/${this.projectId}/packages?limit=1000`);
    if (res.status !== 200) throw new Error(`packages answered ${res.status}: ${res.text}`);
    return res.body.packages;
  }

  /** Every usage record of the project, following next_marker to the end. */
  async allRecords(base: string): Promise<UsageRecordInfo[]> {
    const out: UsageRecordInfo[] = [];
    let marker: string | undefined;
    do {
      const q = `limit=1000${marker ? `&marker=${marker}` : ''}`;
      const res = await signedFetch<{ usage_records: UsageRecordInfo[]; next_marker?: string }>(
        base, this.service, 'GET', `${recordPath(this.projectId)}?${q}`,
      );
      if (res.status !== 200) throw new Error(`usage-records answered ${res.status}: ${res.text}`);
      out.push(...res.body.usage_records);
      marker = res.body.next_marker;
    } while (marker);
    return out;
  }
}

/** Adds decimal quantities (at most 6 fractional digits) exactly, as the ledger does, and returns a JSON number. */
export function sumExact(values: Array<number | string>): number {
  let micros = 0n;
  for (const v of values) micros += toMicros(v);
  return fromMicros(micros);
}

export function toMicros(value: number | string): bigint {
  const s = typeof value === 'number' ? value.toFixed(6) : value;
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(s);
  if (!m) throw new Error(`not a quantity: ${s}`);
  const micros = BigInt(m[2]!) * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] === '-' ? -micros : micros;
}

export function fromMicros(micros: bigint): number {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return Number(`${neg ? '-' : ''}${abs / 1_000_000n}${frac ? `.${frac}` : ''}`);
}

/** Runs `count` tasks with at most `width` in flight; results in task order. */
export async function inParallel<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
  return results;
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(6).toString('hex')}`;
}
