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
): Promise<ApiResponse<T>> {
  const url = new URL(pathAndQuery, base);
  const raw = body === undefined ? undefined : JSON.stringify(body);
  const headers = signRequest({ method, url, body: raw, accessKey: cred.access_key, secretKey: cred.secret_key });
  const response = await fetch(url, { method, headers, body: raw });
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

export interface GrantSpec {
  amount: number | string;
  /** extra `package grant` flags, e.g. ['--source', 'ADMIN_ALLOCATED'] */
  flags?: string[];
  resourceType?: string;
}

/**
 * A fresh ledger file with one project, its packages and running servers. The project, the admin
 * credential and the packages are made through the CLI; the tenant and service credentials through
 * the admin API of the first server (the same verb, without two more process starts).
 */
export class MeteringLedger {
  readonly servers: RunningServer[] = [];
  granted: PackageInfo[] = [];

  private constructor(
    readonly env: Record<string, string>,
    readonly dbPath: string,
    readonly projectId: string,
    readonly admin: Credential,
    public tenant: Credential,
    public service: Credential,
  ) {}

  /** `serve`: extra arguments of every server, and their JSON request log kept (see RunningServer.stdout). */
  static async create(
    opts: { servers?: number; grants?: GrantSpec[]; serve?: { args: string[]; requestLog: boolean } } = {},
  ): Promise<MeteringLedger> {
    const dbPath = path.join(tempDir('tenant-ledger-metering-'), 'ledger.db');
    const env = { LEDGER_DB: dbPath, LEDGER_MASTER_KEY: crypto.randomBytes(32).toString('hex'), LEDGER_QUIET: '1' };
    const projectId = newProjectId();
    const serve = opts.serve ?? { args: [], requestLog: false };
    const serverEnv = { ...env, LEDGER_QUIET: serve.requestLog ? '0' : '1' };
    const [servers, admin] = await Promise.all([
      Promise.all(Array.from({ length: opts.servers ?? 1 },
        () => startServerProcess(serve.args, serverEnv, { captureStdout: serve.requestLog }))),
      cliJson(['project', 'create', projectId], env)
        .then(() => cliJson<Credential>(['credential', 'create', projectId, '--role', 'admin'], env)),
    ]);
    const ledger = new MeteringLedger(env, dbPath, projectId, admin, admin, admin);
    ledger.servers.push(...servers);
    await ledger.setUp(opts.grants ?? []);
    return ledger;
  }

  /** Another project in the same file, served by the same servers, with its own tenant credential and packages. */
  async addProject(grants: GrantSpec[] = []): Promise<MeteringLedger> {
    const projectId = newProjectId();
    await cliJson(['project', 'create', projectId], this.env);
    const other = new MeteringLedger(this.env, this.dbPath, projectId, this.admin, this.admin, this.service);
    other.servers.push(...this.servers);
    await other.setUp(grants, { service: false });
    return other;
  }

  private async setUp(grants: GrantSpec[], make = { service: true }): Promise<void> {
    const base = this.servers[0]!.base;
    const [tenant, service, ...granted] = await Promise.all([
      this.createCredential(base, 'tenant'),
      make.service ? this.createCredential(base, 'service') : Promise.resolve(this.service),
      ...grants.map((g) => this.grant(g.amount, g.flags, g.resourceType)),
    ]);
    this.tenant = tenant;
    this.service = service;
    this.granted = granted;
  }

  private async createCredential(base: string, role: Credential['role']): Promise<Credential> {
    const res = await signedFetch<Credential>(base, this.admin, 'POST', `/admin/v1/projects/${this.projectId}/credentials`, { role });
    if (res.status !== 201) throw new Error(`credential create answered ${res.status}: ${res.text}`);
    return res.body;
  }

  get base(): string {
    return this.servers[0]!.base;
  }

  /** Grants a package through the admin API while the servers run (no process start). */
  async grantHttp(amount: number, resourceType = VIDEO, extra: Record<string, unknown> = {}): Promise<PackageInfo> {
    const res = await signedFetch<PackageInfo>(this.base, this.admin, 'POST', `/admin/v1/projects/${this.projectId}/packages`,
      { resource_type: resourceType, amount, ...extra });
    if (res.status !== 201) throw new Error(`package grant answered ${res.status}: ${res.text}`);
    return res.body;
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

  /** The whole journal of the project, oldest first. */
  async journal(base: string): Promise<JournalEntryInfo[]> {
    const out: JournalEntryInfo[] = [];
    let marker: string | undefined;
    do {
      const q = `limit=1000${marker ? `&marker=${marker}` : ''}`;
      const res = await signedFetch<{ entries: JournalEntryInfo[]; next_marker?: string }>(
        base, this.admin, 'GET', `/admin/v1/projects/${this.projectId}/journal?${q}`,
      );
      if (res.status !== 200) throw new Error(`journal answered ${res.status}: ${res.text}`);
      out.push(...res.body.entries);
      marker = res.body.next_marker;
    } while (marker);
    return out.reverse();
  }

  patchPackage(base: string, resourceId: string, body: Record<string, unknown>): Promise<ApiResponse> {
    return signedFetch(base, this.admin, 'PATCH', `/admin/v1/projects/${this.projectId}/packages/${resourceId}`, body);
  }
}

export interface JournalEntryInfo {
  entry_id: number;
  resource_id: string;
  kind: string;
  amount_delta: number;
  usage_delta: number;
  amount_after: number;
  usage_after: number;
  record_id?: string;
}

/**
 * Replays a journal oldest first and lists every entry that breaks the ledger's promises: a balance
 * that is not the previous one plus the delta (a lost update), usage above amount, or a consumption
 * from a frozen package.
 */
export function replayJournal(entries: JournalEntryInfo[]): { problems: string[]; final: Map<string, { amount: bigint; usage: bigint; status: 0 | 1 }> } {
  const state = new Map<string, { amount: bigint; usage: bigint; status: 0 | 1 }>();
  const problems: string[] = [];
  for (const e of [...entries].sort((a, b) => a.entry_id - b.entry_id)) {
    const s = state.get(e.resource_id) ?? { amount: 0n, usage: 0n, status: 0 as 0 | 1 };
    if (e.kind === 'consumed' && s.status === 1) problems.push(`entry ${e.entry_id}: consumed from frozen package ${e.resource_id}`);
    if (e.kind === 'frozen') s.status = 1;
    if (e.kind === 'unfrozen') s.status = 0;
    s.amount += toMicros(e.amount_delta);
    s.usage += toMicros(e.usage_delta);
    if (s.amount !== toMicros(e.amount_after) || s.usage !== toMicros(e.usage_after)) {
      problems.push(`entry ${e.entry_id} (${e.kind}): after ${e.amount_after}/${e.usage_after}, replay gives ${fromMicros(s.amount)}/${fromMicros(s.usage)}`);
    }
    if (s.usage > s.amount) problems.push(`entry ${e.entry_id}: usage ${fromMicros(s.usage)} above amount ${fromMicros(s.amount)}`);
    state.set(e.resource_id, s);
  }
  return { problems, final: state };
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
