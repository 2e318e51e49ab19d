// The service's Prometheus metrics: one registry per app, with every series bound once and read at scrape time.
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { VerifyFailureReason } from '../../auth/signing/verify.js';
import type { PoolStats, ReadCacheStats } from '../../storage/types.js';
import { CountOfHistogram, HotHistogram, type HistogramCell } from './hot-histogram.js';
import type { UsageOutcome } from './usage-outcome.js';

const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

// Listed in full so every reason shows as 0 before its first failure (and a new reason fails the build here).
const signatureReasons: Record<VerifyFailureReason, true> = {
  missing_authorization: true, malformed_authorization: true, unsupported_algorithm: true, missing_date: true,
  malformed_date: true, date_out_of_window: true, scope_mismatch: true, signed_header_missing: true,
  unknown_access_key: true, signature_mismatch: true,
};
const usageOutcomes: UsageOutcome[] = ['applied', 'replayed', 'refused'];

/** A bound child only shows once incremented: start it at 0 so rates work from the first scrape. */
function zeroed(child: Counter.Internal): Counter.Internal {
  child.inc(0);
  return child;
}

/** The request series of one registered route; children per method and status are bound on first use. */
export class RouteSeries {
  private readonly byMethod = new Map<string, Map<number, HistogramCell>>();

  constructor(private readonly histogram: HotHistogram, private readonly route: string) {}

  observe(method: string, status: number, seconds: number): void {
    let byStatus = this.byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      this.byMethod.set(method, byStatus);
    }
    let cell = byStatus.get(status);
    if (!cell) {
      cell = this.histogram.child(method, this.route, String(status));
      byStatus.set(status, cell);
    }
    cell.observe(seconds);
  }
}

export interface LedgerMetricsOptions {
  /** process_* and nodejs_* metrics (CPU, memory, event loop lag, GC); on by default. */
  processMetrics?: boolean;
}

export class LedgerMetrics {
  readonly registry = new Registry();
  /** Requests that matched no route (404, 405): one series, never the raw URL. */
  readonly unmatched: RouteSeries;
  private readonly requests: HotHistogram;
  private readonly dbOperations: HotHistogram;
  private readonly signatureFailures: Counter;
  private readonly signatureChildren = new Map<string, Counter.Internal>();
  private readonly usageChildren = new Map<UsageOutcome, Counter.Internal>();
  private readonly fastReads: Counter.Internal;
  private poolSource: () => PoolStats | undefined = () => undefined;
  private readCacheSource: () => ReadCacheStats | undefined = () => undefined;
  private expose: () => Promise<string> = () => this.registry.metrics();

  constructor(options: LedgerMetricsOptions = {}) {
    const registers = [this.registry];
    this.requests = new HotHistogram('ledger_http_request_duration_seconds',
      'Time from receiving a request to finishing its response, by method, route pattern and status',
      ['method', 'route', 'status'], HTTP_BUCKETS);
    this.requests.register(this.registry);
    new CountOfHistogram('ledger_http_requests_total', 'HTTP requests answered, by method, route pattern and status', this.requests)
      .register(this.registry);
    this.unmatched = new RouteSeries(this.requests, 'unmatched');

    this.signatureFailures = new Counter({
      name: 'ledger_signature_failures_total', help: 'Requests refused by the AK/SK signature check, by reason',
      labelNames: ['reason'], registers,
    });
    for (const reason of Object.keys(signatureReasons)) this.signatureChildren.set(reason, zeroed(this.signatureFailures.labels(reason)));

    const usage = new Counter({
      name: 'ledger_usage_records_total',
      help: 'Usage records answered: applied (new), replayed (same record again), refused (quota, conflict, invalid)',
      labelNames: ['outcome'], registers,
    });
    for (const outcome of usageOutcomes) this.usageChildren.set(outcome, zeroed(usage.labels(outcome)));

    this.fastReads = zeroed(new Counter({
      name: 'ledger_http_fast_reads_total',
      help: 'resources-usage reads answered before the web framework (the plain signed read; also in the request series)',
      registers,
    }).labels());

    this.dbOperations = new HotHistogram('ledger_db_operation_duration_seconds',
      'Time of each store call by operation; "transaction" includes the wait for a connection or the write lock',
      ['operation'], DB_BUCKETS);
    this.dbOperations.register(this.registry);
    this.registerPoolGauges();
    this.registerReadCacheSeries();
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  routeSeries(route: string): RouteSeries {
    return new RouteSeries(this.requests, route);
  }

  signatureFailure(reason: string): void {
    let child = this.signatureChildren.get(reason);
    if (!child) {
      child = this.signatureFailures.labels(reason);
      this.signatureChildren.set(reason, child);
    }
    child.inc();
  }

  /** One resources-usage read answered by the fast path (fast-usage-read.ts). */
  fastRead(): void {
    this.fastReads.inc();
  }

  usageRecord(outcome: UsageOutcome, count = 1): void {
    this.usageChildren.get(outcome)!.inc(count);
  }

  dbOperation(operation: string): HistogramCell {
    return this.dbOperations.child(operation);
  }

  /** Where the pool gauges read from at scrape time; nothing is sampled between scrapes. */
  watchPool(source: () => PoolStats | undefined): void {
    this.poolSource = source;
  }

  /** Where the read cache series read from at scrape time (SQLite under serve; absent otherwise). */
  watchReadCache(source: () => ReadCacheStats | undefined): void {
    this.readCacheSource = source;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  exposition(): Promise<string> {
    return this.expose();
  }

  /** Where the exposition comes from instead of this registry alone (serve --workers: the sum over workers). */
  exposeThrough(expose: () => Promise<string>): void {
    this.expose = expose;
  }

  private registerReadCacheSeries(): void {
    const read = () => this.readCacheSource();
    const registers = [this.registry];
    // The cache counts from its start; the counters follow it by the difference since the last scrape.
    const counted = { hit: 0, miss: 0, clears: 0, checks: 0 };
    new Counter({
      name: 'ledger_read_cache_lookups_total',
      help: 'SQLite read cache lookups (credentials, packages of a project): hit answered from memory, miss loaded',
      labelNames: ['result'], registers,
      collect() {
        const stats = read();
        if (!stats) return;
        this.inc({ result: 'hit' }, stats.hits - counted.hit);
        this.inc({ result: 'miss' }, stats.misses - counted.miss);
        counted.hit = stats.hits;
        counted.miss = stats.misses;
      },
    });
    // A counter that follows one of the cache's own running totals.
    const following = (name: string, help: string, field: 'clears' | 'checks') => new Counter({
      name, help, registers,
      collect() {
        const stats = read();
        if (!stats) return;
        this.inc(stats[field] - counted[field]);
        counted[field] = stats[field];
      },
    });
    following('ledger_read_cache_clears_total',
      'Times the SQLite read cache dropped everything: another process wrote to the ledger file, or an import', 'clears');
    following('ledger_read_cache_checks_total',
      'Times the SQLite read cache asked whether anything was committed since its last look (the requests of one event-loop turn ask once)',
      'checks');
    new Gauge({
      name: 'ledger_read_cache_bytes', help: 'Memory the SQLite read cache holds (its estimate)', registers,
      collect() {
        const stats = read();
        if (stats) this.set(stats.bytes);
      },
    });
  }

  private registerPoolGauges(): void {
    const read = () => this.poolSource();
    const registers = [this.registry];
    new Gauge({
      name: 'ledger_db_pool_connections', help: 'Database connections by state (SQLite: its one writer connection)',
      labelNames: ['state'], registers,
      collect() {
        const stats = read();
        if (!stats) return;
        this.set({ state: 'active' }, stats.active);
        this.set({ state: 'idle' }, stats.idle);
      },
    });
    new Gauge({
      name: 'ledger_db_pool_size', help: 'Database connections in the pool (SQLite: its one writer connection)', registers,
      collect() {
        const stats = read();
        if (stats) this.set(stats.size);
      },
    });
    new Gauge({
      name: 'ledger_db_pool_waiting',
      help: 'Callers waiting for a database connection (SQLite: transactions queued for the write lock)', registers,
      collect() {
        const stats = read();
        if (stats) this.set(stats.waiting);
      },
    });
  }
}
