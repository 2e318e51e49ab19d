// Test fixture: a PostgreSQL ledger served by several `tenant-ledger serve --database-url` processes, set up through the CLI.
import crypto from 'node:crypto';
import { cliJson, runCli, startServerProcess, type RunningServer } from './cli.js';
import { newProjectId } from './ledger.js';
import { signedFetch, type Credential, type PackageInfo } from './metering.js';
import { PG_ADMIN_URL, createTestDatabase, type TestDatabase } from './postgres.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export class PgServedLedger {
  readonly servers: RunningServer[] = [];
  readonly proxies: TcpProxy[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly env: Record<string, string>,
    readonly projectId: string,
    readonly admin: Credential,
    readonly service: Credential,
    readonly tenant: Credential,
  ) {}

  /** A new database with one project and its admin, service and tenant credentials. */
  static async create(): Promise<PgServedLedger> {
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, LEDGER_MASTER_KEY: crypto.randomBytes(32).toString('hex'), LEDGER_QUIET: '1' };
    const projectId = newProjectId();
    await cliJson(['project', 'create', projectId], env);
    const [admin, service, tenant] = await Promise.all((['admin', 'service', 'tenant'] as const).map(
      (role) => cliJson<Credential>(['credential', 'create', projectId, '--role', role], env),
    ));
    return new PgServedLedger(db, env, projectId, admin!, service!, tenant!);
  }

  grant(amount: number): Promise<PackageInfo> {
    return cliJson<PackageInfo>(['package', 'grant', this.projectId, '--resource-type', 'video_time_2d_model', '--amount', String(amount)], this.env);
  }

  /** `serve --database-url` on this database; with `proxied`, through a TCP proxy the test can cut. */
  async startServer(opts: { proxied?: boolean; env?: Record<string, string> } = {}): Promise<{ server: RunningServer; proxy?: TcpProxy }> {
    let url = this.db.url;
    let proxy: TcpProxy | undefined;
    if (opts.proxied) {
      const admin = new URL(PG_ADMIN_URL);
      proxy = await startTcpProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
      this.proxies.push(proxy);
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(proxy.port);
      url = u.toString();
    }
    const { DATABASE_URL: _unused, ...env } = this.env;
    const server = await startServerProcess(['--database-url', url], { ...env, ...opts.env });
    this.servers.push(server);
    return { server, proxy };
  }

  record(base: string, recordId: string, quantity: number): ReturnType<typeof signedFetch> {
    return signedFetch(base, this.service, 'POST', `/admin/v1/projects/${this.projectId}/usage-records`,
      { record_id: recordId, resource_type: 'video_time_2d_model', quantity });
  }

  async usage(base: string): Promise<{ status: number; amount: number; usage: number }> {
    const res = await signedFetch<{ resources: Array<{ amount: number; usage: number }> }>(
      base, this.tenant, 'GET', `/v1/${this.projectId}/tenants/resources-usage?resource=video_time_2d_model`);
    const rows = res.body?.resources ?? [];
    return { status: res.status, amount: rows.reduce((a, r) => a + r.amount, 0), usage: rows.reduce((a, r) => a + r.usage, 0) };
  }

  /** `tenant-ledger ledger check`: exit code, JSON report, and stderr when it says something. */
  async check(): Promise<{ code: number; report: unknown; stderr?: string }> {
    const r = await runCli(['ledger', 'check'], this.env);
    return { code: r.code, report: r.stdout ? JSON.parse(r.stdout) : undefined, ...(r.stderr ? { stderr: r.stderr } : {}) };
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    await Promise.all(this.proxies.map((p) => p.close()));
    await this.db.drop();
  }
}
