// Turns the measurements into the printed table, the target verdicts and bench/results/latest.json.
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerCheck } from './check-ledger.js';
import type { GeneratedLedger } from './generate-ledger.js';
import type { LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';
import type { BenchOptions } from './options.js';
import type { PageCacheWarming } from './page-cache.js';
import type { HotTenantResult, ReadsDuringWrites } from './scenarios.js';

export interface Skipped {
  skipped: string;
}
/**
 * A write scenario's run; `page_cache`: how the ledger file was read into the page cache before it (SQLite);
 * `rounds`: every measured round where the run is the best of several (single records).
 */
export type WriteRun = LoadResult & { page_cache?: PageCacheWarming; rounds?: LoadResult[] };
export type Outcome = WriteRun | Skipped;
export type BatchOutcome = (WriteRun & { records_per_s: number; records_refused: number }) | Skipped;

export interface Measurements {
  options: BenchOptions;
  machine: MachineInfo;
  large: GeneratedLedger;
  small: GeneratedLedger;
  responseBytes: number;
  baselineRounds: LoadResult[];
  usageRounds: LoadResult[];
  usageSmallRounds: LoadResult[];
  /** resources-usage on the large ledger by a server with LEDGER_READ_CACHE_MB=0 */
  usageUncachedRounds: LoadResult[];
  usageRecord: Outcome;
  /** resources-usage while single records stream in (the read cache under writes) */
  readsDuringWrites: ReadsDuringWrites | Skipped;
  usageBatch: BatchOutcome;
  check: LedgerCheck;
  /** resources-usage rounds on PostgreSQL (the small ledger imported), or why they were skipped */
  pgUsageRounds: LoadResult[] | Skipped;
  /** single signed usage records on PostgreSQL (small ledger) */
  pgUsageRecord: Outcome;
  /** 300 concurrent records on one tenant, SQLite and PostgreSQL */
  hotTenant: HotTenantResult;
  pgHotTenant: HotTenantResult | Skipped;
  totalSeconds: number;
}

export const isSkipped = (o: Outcome | BatchOutcome): o is Skipped => 'skipped' in o;

/** The round with the most requests/s: the machine is shared, so the best round is the one least disturbed. */
export function best(rounds: LoadResult[]): LoadResult {
  return rounds.reduce((a, b) => (b.requests_per_s > a.requests_per_s ? b : a));
}

function summary(o: Outcome | BatchOutcome) {
  if (isSkipped(o)) {
    return { skipped: o.skipped, requests_per_s: null, p50_ms: null, p99_ms: null, rss_mb: null, server_cpu_ms_per_request: null };
  }
  return o;
}

/** A verdict on a measured run; an invalid run (unexpected answers) meets nothing. */
function verdict(o: Outcome | BatchOutcome, measured: (r: LoadResult) => string, met: (r: LoadResult) => boolean) {
  if (isSkipped(o)) return { measured: o.skipped, met: null };
  if (o.invalid) return { measured: `invalid run: ${o.invalid}`, met: false };
  return { measured: measured(o), met: met(o) };
}

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

const pgUsage = (m: Measurements): Outcome => (Array.isArray(m.pgUsageRounds) ? best(m.pgUsageRounds) : m.pgUsageRounds);

/** PostgreSQL resources-usage req/s over SQLite's on the same (small) ledger, in the same rounds. */
function pgRatio(m: Measurements): number | null {
  const pg = pgUsage(m);
  if (isSkipped(pg)) return null;
  return Math.round((pg.requests_per_s / best(m.usageSmallRounds).requests_per_s) * 1000) / 1000;
}

function targets(m: Measurements, ratio: number): Target[] {
  const usage = best(m.usageRounds);
  const small = best(m.usageSmallRounds);
  const p50Ratio = usage.p50_ms / small.p50_ms;
  const cpuSize = ratioOf(usage.server_cpu_ms_per_request, small.server_cpu_ms_per_request);
  const rec = m.usageRecord;
  const batch = m.usageBatch;
  const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return [
    { name: `resources-usage req/s vs baseline (${fmt(m.large.packages)} packages)`, target: '>= 50%', measured: `${fmt(ratio * 100)}%`, met: ratio >= 0.5 },
    { name: 'resources-usage p99', target: '<= 10 ms', measured: `${fmt(usage.p99_ms)} ms`, met: usage.p99_ms <= 10 },
    { name: `resources-usage p50 at ${fmt(m.large.packages)} vs ${fmt(m.small.packages)} packages`, target: '<= 1.2x', measured: `${fmt(p50Ratio)}x (server CPU per request ${fmt(cpuSize ?? NaN)}x)`, met: p50Ratio <= 1.2 },
    { name: 'single signed usage records/s', target: '>= 4,000', ...verdict(rec, (r) => fmt(r.requests_per_s), (r) => r.requests_per_s >= 4000) },
    {
      name: `batch usage records/s (${fmt(m.options.batchSize)} per batch)`, target: '>= 50,000',
      ...verdict(batch, () => fmt(recordsPerS(batch)), () => recordsPerS(batch) >= 50_000),
    },
    {
      name: `PostgreSQL resources-usage req/s vs SQLite (${fmt(m.small.packages)} packages)`, target: '>= 50%',
      ...verdict(pgUsage(m), () => `${fmt((pgRatio(m) ?? NaN) * 100)}%`, () => (pgRatio(m) ?? 0) >= 0.5),
    },
    {
      name: `PostgreSQL: ${m.hotTenant.concurrency} concurrent records on one hot tenant`, target: 'none aborted',
      ...hotVerdict(m.pgHotTenant),
    },
    { name: 'server RSS under load (large ledger)', target: '<= 300 MB', measured: `${fmt(maxRss(m) ?? NaN)} MB`, met: (maxRss(m) ?? Infinity) <= 300 },
    { name: 'overdrawn packages', target: '0', measured: String(m.check.overdrawn_packages), met: m.check.overdrawn_packages === 0 },
    { name: 'packages differing from their journal', target: '0', measured: String(m.check.journal_mismatches), met: m.check.journal_mismatches === 0 },
  ];
}

function hotVerdict(h: HotTenantResult | Skipped): { measured: string; met: boolean | null } {
  if ('skipped' in h) return { measured: h.skipped, met: null };
  return { measured: `${h.aborted} aborted (${h.applied} applied, ${h.refused} refused, ${h.seconds} s)`, met: h.aborted === 0 };
}

const recordsPerS = (b: BatchOutcome) => ('records_per_s' in b ? b.records_per_s : 0);

function maxRss(m: Measurements): number | undefined {
  const runs = [...m.usageRounds, m.usageRecord, m.usageBatch].filter((o): o is LoadResult => !isSkipped(o));
  const values = runs.map((r) => r.rss_mb).filter((x): x is number => x !== null);
  return values.length ? Math.max(...values) : undefined;
}

function ratioOf(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : Math.round((a / b) * 1000) / 1000;
}

function cpuRatio(baseline: LoadResult, usage: LoadResult): number | null {
  const b = baseline.server_cpu_ms_per_request;
  const u = usage.server_cpu_ms_per_request;
  return b === null || u === null || u === 0 ? null : Math.round((b / u) * 1000) / 1000;
}

export function buildReport(m: Measurements) {
  const baseline = best(m.baselineRounds);
  const usage = best(m.usageRounds);
  const ratio = Math.round((usage.requests_per_s / baseline.requests_per_s) * 1000) / 1000;
  return {
    machine: m.machine,
    mode: m.options.quick ? 'quick' : 'full',
    options: {
      connections: m.options.connections, batch_connections: m.options.batchConnections, seconds: m.options.seconds,
      rounds: m.options.rounds, batch_size: m.options.batchSize,
    },
    projects: m.large.projects,
    packages: m.large.packages,
    response_bytes: m.responseBytes,
    generation: { large: m.large, small: m.small },
    results: {
      baseline: summary(baseline),
      resources_usage: summary(usage),
      resources_usage_small_ledger: { ...summary(best(m.usageSmallRounds)), packages: m.small.packages },
      resources_usage_read_cache_off: summary(best(m.usageUncachedRounds)),
      usage_record: summary(m.usageRecord),
      resources_usage_during_records: 'skipped' in m.readsDuringWrites ? summary(m.readsDuringWrites) : {
        ...summary(m.readsDuringWrites.reads), records_per_s: m.readsDuringWrites.records_per_s,
        read_cache_hit_ratio: m.readsDuringWrites.read_cache_hit_ratio, read_cache_clears: m.readsDuringWrites.read_cache_clears,
      },
      usage_batch: summary(m.usageBatch),
      postgres_resources_usage: { ...summary(pgUsage(m)), packages: m.small.packages },
      postgres_usage_record: { ...summary(m.pgUsageRecord), packages: m.small.packages },
      hot_tenant: m.hotTenant,
      postgres_hot_tenant: m.pgHotTenant,
    },
    rounds: {
      baseline: m.baselineRounds, resources_usage: m.usageRounds, resources_usage_small_ledger: m.usageSmallRounds,
      resources_usage_read_cache_off: m.usageUncachedRounds,
      postgres_resources_usage: Array.isArray(m.pgUsageRounds) ? m.pgUsageRounds : [],
    },
    ratio_resources_usage_to_baseline: ratio,
    /** baseline CPU per request / resources-usage CPU per request: the same ratio, unaffected by other processes */
    cpu_ratio_resources_usage_to_baseline: cpuRatio(baseline, usage),
    cpu_ratio_large_to_small_ledger: ratioOf(usage.server_cpu_ms_per_request, best(m.usageSmallRounds).server_cpu_ms_per_request),
    /** PostgreSQL resources-usage req/s / SQLite's on the same small ledger (null when PostgreSQL was skipped) */
    ratio_postgres_to_sqlite_resources_usage: pgRatio(m),
    p50_ratio_large_to_small_ledger: Math.round((usage.p50_ms / best(m.usageSmallRounds).p50_ms) * 1000) / 1000,
    overdrawn_packages: m.check.overdrawn_packages,
    journal_mismatches: m.check.journal_mismatches,
    ledger_after: m.check,
    targets: targets(m, ratio),
    total_seconds: Math.round(m.totalSeconds),
  };
}

export type Report = ReturnType<typeof buildReport>;

export function writeReport(report: Report, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

function duringRecordsNote(r: object): string {
  if (!('records_per_s' in r) || typeof r.records_per_s !== 'number') return '';
  const ratio = 'read_cache_hit_ratio' in r && typeof r.read_cache_hit_ratio === 'number' ? r.read_cache_hit_ratio : null;
  const hits = ratio === null ? '' : `, ${Math.round(ratio * 100)}% cache hits`;
  return `+ ${Math.round(r.records_per_s).toLocaleString('en-US')} records/s${hits}; CPU: both`;
}

/**
 * What a record had to read from the disk (writes on a ledger whose pages the OS dropped wait for it), and how
 * much of the file was in the page cache before the bench read it in.
 */
function diskNote(r: Outcome, recordsPerRequest = 1): string {
  if (!('server_disk_read_kb_per_request' in r) || r.server_disk_read_kb_per_request === null) return '';
  const cached = r.page_cache?.cached_before;
  const warmed = cached === null || cached === undefined ? '' : `, file ${Math.round(cached * 100)}% cached before`;
  return `${n1(r.server_disk_read_kb_per_request / recordsPerRequest)} KB/record from disk${warmed}`;
}

const n1 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

interface Row {
  requests_per_s: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  rss_mb: number | null;
  server_cpu_ms_per_request: number | null;
  skipped?: string;
  invalid?: string;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export function formatTable(report: Report): string {
  const base = report.results.baseline.requests_per_s ?? 0;
  const n = (x: number | null | undefined, d = 0) => (x === null || x === undefined ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
  const line = (name: string, r: Row, note = '') => [
    name, n(r.requests_per_s, r.requests_per_s !== null && r.requests_per_s < 10 ? 1 : 0), n(r.p50_ms, 2), n(r.p99_ms, 2), n(r.rss_mb, 0),
    r.requests_per_s === null || !base ? '-' : `${n((r.requests_per_s / base) * 100, 0)}%`,
    n(r.server_cpu_ms_per_request, 3), r.skipped ?? (r.invalid ? `INVALID: ${r.invalid}` : note),
  ];
  const { results: res } = report;
  const batch = res.usage_batch;
  const batchRecords = 'records_per_s' in batch ? (batch.records_per_s as number) : null;
  const rows = [
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB', 'vs base', 'CPU ms/req', 'note'],
    line('baseline (bare node:http)', res.baseline, `${report.response_bytes} B body`),
    line(`resources-usage, ${n(report.packages)} pkgs`, res.resources_usage, 'signed, random tenants'),
    line(`resources-usage, ${n(res.resources_usage_small_ledger.packages)} pkgs`, res.resources_usage_small_ledger),
    line(`resources-usage, ${n(report.packages)} pkgs, no read cache`, res.resources_usage_read_cache_off, 'every read from SQLite'),
    line('resources-usage, PostgreSQL', res.postgres_resources_usage,
      `${n(res.postgres_resources_usage.packages)} pkgs; CPU: node only`),
    line('usage record (single)', res.usage_record, diskNote(res.usage_record)),
    line('resources-usage during records', res.resources_usage_during_records, duringRecordsNote(res.resources_usage_during_records)),
    line('usage record (single), PostgreSQL', res.postgres_usage_record,
      `${n(res.postgres_usage_record.packages)} pkgs; CPU: node only`),
    line(`usage records (batch of ${report.options.batch_size})`, batch,
      batchRecords === null ? '' : `${n(batchRecords)} records/s, ${diskNote(batch, report.options.batch_size)}`),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const out = rows.map((r) => row(r, widths));
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  if (report.cpu_ratio_resources_usage_to_baseline !== null) {
    out.push('', `server CPU per request: resources-usage ${n(res.resources_usage.server_cpu_ms_per_request, 3)} ms, baseline `
      + `${n(res.baseline.server_cpu_ms_per_request, 3)} ms: ${n(report.cpu_ratio_resources_usage_to_baseline * 100, 0)}% of the baseline's `
      + 'capacity if the server, not the load generator, were the limit');
  }
  for (const [name, h] of [['SQLite', res.hot_tenant], ['PostgreSQL', res.postgres_hot_tenant]] as const) {
    out.push(`hot tenant, ${name}: ${'skipped' in h ? h.skipped : `${h.concurrency} concurrent records in ${h.seconds} s: `
      + `${h.applied} applied, ${h.refused} refused, ${h.aborted} aborted`}`);
  }
  out.push('', 'targets:');
  for (const t of report.targets) {
    const mark = t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS';
    out.push(`  ${mark}  ${t.name}: ${t.measured} (target ${t.target})`);
  }
  return out.join('\n');
}
