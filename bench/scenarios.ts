// The measured scenarios: alternating baseline / resources-usage rounds, and the two usage-record write paths.
import { sendOnce } from './http-probe.js';
import { runLoad, type LoadResult } from './load.js';
import { log } from './log.js';
import type { BenchOptions } from './options.js';
import { warmIntoPageCache, type PageCacheWarming } from './page-cache.js';
import { prng } from './package-mix.js';
import { best, type BatchOutcome, type Outcome, type Skipped } from './report.js';
import { waitForIdle, type ServerProcess } from './server-process.js';
import {
  recordSpecs, signedUsageBatch, signedUsageRecord, usageReadPool, type SignedRequest,
} from './signed-requests.js';

/** Requests still in flight when a run ends are finished by the servers; let them settle before the next run. */
const settle = async (...servers: ServerProcess[]) => {
  await Promise.all(servers.map((s) => waitForIdle(s.pid)));
};
const READ_POOL_SIZE = 20_000;
// Every read scenario reads the same tenants in the same order (each pool is signed anew right before its use).
const READ_POOL_SEED = 42;

export interface ReadTarget {
  label: string;
  server: ServerProcess;
  /** the ledger server whose URL the requests are signed for (the baseline gets the same requests) */
  signedFor: ServerProcess;
  projects: number;
}

function cycle(pool: SignedRequest[]): () => SignedRequest {
  let i = 0;
  return () => pool[i++ % pool.length]!;
}

function describe(r: LoadResult): string {
  const bad = r.invalid ? `  INVALID: ${r.invalid}` : '';
  return `${r.label}: ${r.requests_per_s.toLocaleString('en-US')} req/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, `
    + `RSS ${r.rss_mb ?? '-'} MB, server CPU ${r.server_cpu_ms_per_request ?? '-'} ms/req (${r.server_cpu_percent ?? '-'}%), `
    + `disk reads ${r.server_disk_read_kb_per_request ?? '-'} KB/req, client CPU ${r.client_cpu_percent}%${bad}`;
}

/**
 * Warms every target up, then runs `rounds` rounds of every target in turn (baseline, large, small, then small,
 * large, baseline, ...), so that a slow moment of the shared machine, or the position in a round, hits all of them
 * alike. Returns the rounds per target label.
 */
export async function runReadRounds(opts: BenchOptions, targets: ReadTarget[]): Promise<Map<string, LoadResult[]>> {
  // Signatures are valid for 15 minutes: sign each pool right before its use.
  const pools = new Map(targets.map((t) => [t.label, usageReadPool(t.signedFor.url, t.projects, READ_POOL_SIZE, prng(READ_POOL_SEED))]));
  const load = async (t: ReadTarget, seconds: number) => {
    await settle(...targets.map((x) => x.server));
    return runLoad({
      label: t.label, url: t.server.url, connections: opts.connections, seconds, next: cycle(pools.get(t.label)!),
      expected: [200], serverPid: t.server.pid,
    });
  };
  for (const t of targets) {
    log(`warming up ${t.label} (${opts.warmupSeconds} s)`);
    await load(t, opts.warmupSeconds);
  }
  const rounds = new Map<string, LoadResult[]>(targets.map((t) => [t.label, []]));
  for (let r = 1; r <= opts.rounds; r++) {
    // Every other round in reverse: a server measured right after another one ran measured a few per cent
    // slower on this machine, and the ratio to the baseline must not depend on who comes first.
    for (const t of r % 2 === 1 ? targets : [...targets].reverse()) {
      const result = await load(t, opts.seconds);
      log(`round ${r}/${opts.rounds} ${describe(result)}`);
      if (result.invalid) throw new Error(`${t.label}: ${result.invalid} (statuses ${JSON.stringify(result.statuses)})`);
      rounds.get(t.label)!.push(result);
    }
  }
  return rounds;
}

/** The admin API may not be there yet: a first answer other than 2xx/409 means the scenario is skipped. */
async function probe(server: ServerProcess, req: SignedRequest): Promise<string | undefined> {
  const res = await sendOnce(server.url, req);
  if ((res.status >= 200 && res.status < 300) || res.status === 409) return undefined;
  return `skipped: route not available (${req.method} ${req.path.replace(/[0-9a-f]{32}/, '{project_id}')} answered ${res.status} ${res.body.slice(0, 120)})`;
}

const RECORD_ROUNDS = 2;

/**
 * A SQLite ledger's file read into the page cache (see PageCacheWarming: this VM drops pages idle for a minute,
 * and the read rounds before leave the file untouched), so that a write scenario measures a server recording
 * steadily, not the disk's random reads.
 */
function warmLedgerFile(file: string | undefined): PageCacheWarming | undefined {
  if (file === undefined) return undefined;
  const warming = warmIntoPageCache(file);
  const share = (x: number | null) => (x === null ? '?' : `${Math.round(x * 100)}%`);
  log(`ledger file: ${share(warming.cached_before)} of it in the page cache; read in (${warming.file_mb} MB) `
    + `in ${warming.seconds} s, now ${share(warming.cached_after)}`);
  return warming;
}

/**
 * Single usage records, each with a new record_id, signed per request with the producer-service credential.
 * `ledgerFile`: the SQLite file to read into the page cache first (none for PostgreSQL).
 */
export async function runUsageRecords(
  opts: BenchOptions, server: ServerProcess, projects: number, ledgerFile?: string,
): Promise<Outcome> {
  const nextSpec = recordSpecs(projects, prng(7), `r${Date.now().toString(36)}`);
  log('usage records: probing POST /admin/v1/projects/{project_id}/usage-records');
  const skipped = await probe(server, signedUsageRecord(server.url, nextSpec()));
  if (skipped) return { skipped };
  const next = () => signedUsageRecord(server.url, nextSpec());
  const spec = { url: server.url, connections: opts.connections, next, expected: [200, 201, 409], serverPid: server.pid };
  const pageCache = warmLedgerFile(ledgerFile);
  log(`usage records: warming up (${opts.warmupSeconds} s)`);
  await runLoad({ ...spec, label: 'usage record warm-up', seconds: opts.warmupSeconds });
  const rounds: LoadResult[] = [];
  for (let r = 1; r <= RECORD_ROUNDS; r++) {
    await settle(server);
    const result = await runLoad({ ...spec, label: 'usage record', seconds: opts.seconds });
    log(`usage records round ${r}/${RECORD_ROUNDS} ${describe(result)}`);
    rounds.push(result);
  }
  // As for reads, the best round: this VM has minutes in which everything runs up to three times slower.
  const result = { ...best(rounds), rounds };
  return pageCache ? { ...result, page_cache: pageCache } : result;
}

/**
 * Batches of `batchSize` records of random tenants; counts the records the server applied and refused. A batch
 * can take seconds, so the run sends a fixed number of batches (about `seconds` worth at the warm-up's pace) and
 * waits for every answer, instead of cutting a duration short and losing the batches in flight. `ledgerFile`: as
 * for runUsageRecords.
 */
export async function runUsageBatches(
  opts: BenchOptions, server: ServerProcess, projects: number, ledgerFile?: string,
): Promise<BatchOutcome> {
  const nextSpec = recordSpecs(projects, prng(9), `b${Date.now().toString(36)}`);
  const batch = () => signedUsageBatch(server.url, Array.from({ length: opts.batchSize }, nextSpec));
  log('usage batches: probing POST /admin/v1/usage-records:batch');
  const skipped = await probe(server, signedUsageBatch(server.url, [nextSpec(), nextSpec()]));
  if (skipped) return { skipped };
  let records = 0;
  let refused = 0;
  const onBody = (_status: number, body: string) => {
    const results = (JSON.parse(body) as { results?: Array<Record<string, unknown>> }).results ?? [];
    records += results.length;
    refused += results.filter((r) => 'error_code' in r || (typeof r.status === 'number' && r.status >= 400)).length;
  };
  const spec = {
    url: server.url, connections: opts.batchConnections, next: batch, expected: [200], serverPid: server.pid, onBody,
    timeoutSeconds: 300, seconds: opts.seconds,
  };
  const pageCache = warmLedgerFile(ledgerFile);
  log(`usage batches: warming up (${opts.batchConnections} batches)`);
  const warm = await runLoad({ ...spec, label: 'usage batch warm-up', amount: opts.batchConnections });
  await settle(server);
  const amount = Math.max(opts.batchConnections, Math.min(1000, Math.round(warm.requests_per_s * opts.seconds)));
  log(`usage batches: ${amount} batches of ${opts.batchSize}`);
  records = 0;
  refused = 0;
  const result = await runLoad({ ...spec, label: 'usage batch', amount });
  const out = {
    ...result, records_per_s: Math.round(records / result.seconds), records_refused: refused, ...(pageCache ? { page_cache: pageCache } : {}),
  };
  log(`${describe(result)}, ${out.records_per_s.toLocaleString('en-US')} records/s (${refused} refused)`);
  return out;
}

export interface HotTenantResult {
  concurrency: number;
  applied: number;
  refused: number;
  /** anything but 201/409: 5xx, a timeout, a reset connection */
  aborted: number;
  seconds: number;
  statuses: Record<string, number>;
}

/**
 * `concurrency` records for one tenant sent all at once, each on its own connection (as many producer workers
 * would): they all queue on the same packages. Every one must be answered 201 or 409, none aborted.
 */
export async function runHotTenant(server: ServerProcess, projectIndex: number, concurrency: number): Promise<HotTenantResult> {
  await settle(server);
  const prefix = `hot${Date.now().toString(36)}`;
  const requests = Array.from({ length: concurrency }, (_, i) =>
    signedUsageRecord(server.url, { projectIndex, recordId: `${prefix}-${i}`, quantity: '0.1' }));
  const started = process.hrtime.bigint();
  const answers = await Promise.all(requests.map((req) => sendOnce(server.url, req).then((r) => String(r.status), () => 'error')));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a] = (statuses[a] ?? 0) + 1;
  const applied = statuses['201'] ?? 0;
  const refused = statuses['409'] ?? 0;
  const result = { concurrency, applied, refused, aborted: concurrency - applied - refused, seconds: Math.round(seconds * 1000) / 1000, statuses };
  log(`hot tenant: ${concurrency} concurrent records in ${result.seconds} s: ${applied} applied, ${refused} refused, ${result.aborted} aborted`);
  return result;
}

/** Reads of the read rounds' kind while single records of random tenants stream in, and what the read cache did. */
export interface ReadsDuringWrites {
  reads: LoadResult;
  records_per_s: number;
  /** share of the read cache's lookups answered from memory during the run (null without /metrics counts) */
  read_cache_hit_ratio: number | null;
  read_cache_clears: number | null;
}

const WRITER_CONNECTIONS = 8;

/**
 * The read cache keeps other tenants' answers when this server writes (each commit drops only the tenants it
 * touched): resources-usage with 50 connections while 8 more send single usage records, as producer services
 * would while dashboards poll.
 */
export async function runReadsDuringWrites(opts: BenchOptions, server: ServerProcess, projects: number): Promise<ReadsDuringWrites | Skipped> {
  const nextSpec = recordSpecs(projects, prng(11), `m${Date.now().toString(36)}`);
  const skipped = await probe(server, signedUsageRecord(server.url, nextSpec()));
  if (skipped) return { skipped };
  // The read rounds' tenants: the run measures what writes do to the cache those rounds warmed. (A new set of
  // tenants would measure the admission instead: the rounds' tenants, asked for more often, keep their place
  // until the counts age, and 86-88% of a new set's lookups were answered from memory.)
  const pool = usageReadPool(server.url, projects, READ_POOL_SIZE, prng(READ_POOL_SEED));
  const reads = { url: server.url, connections: opts.connections, next: cycle(pool), expected: [200] };
  // Every request of the pool once more, so whatever the single-record run before changed is loaded again.
  log(`reads during writes: warming up the reads (${pool.length.toLocaleString('en-US')} requests)`);
  await runLoad({ ...reads, label: 'reads during writes warm-up', seconds: opts.warmupSeconds, amount: pool.length });
  await settle(server);
  const before = await readCacheCounts(server);
  const [readResult, writeResult] = await Promise.all([
    runLoad({ ...reads, label: 'resources-usage during records', seconds: opts.seconds, serverPid: server.pid }),
    runLoad({
      url: server.url, connections: WRITER_CONNECTIONS, next: () => signedUsageRecord(server.url, nextSpec()),
      expected: [200, 201, 409], label: 'records during reads', seconds: opts.seconds,
    }),
  ]);
  const after = await readCacheCounts(server);
  log(`${describe(readResult)}; ${describe(writeResult)}`);
  const lookups = before && after ? after.hit + after.miss - before.hit - before.miss : 0;
  return {
    reads: readResult,
    records_per_s: writeResult.requests_per_s,
    read_cache_hit_ratio: before && after && lookups > 0 ? Math.round(((after.hit - before.hit) / lookups) * 1000) / 1000 : null,
    read_cache_clears: before && after ? after.clears - before.clears : null,
  };
}

export interface ReadCacheCounts {
  hit: number;
  miss: number;
  clears: number;
  /** NaN from a build before ledger_read_cache_checks_total */
  checks: number;
}

/** The read cache counters from the server's /metrics (summed over workers), or undefined without them. */
export async function readCacheCounts(server: ServerProcess): Promise<ReadCacheCounts | undefined> {
  const res = await fetch(`${server.url}/metrics`);
  const text = await res.text();
  const sample = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
  const counts = {
    hit: sample(/^ledger_read_cache_lookups_total\{result="hit"\} (\S+)$/m),
    miss: sample(/^ledger_read_cache_lookups_total\{result="miss"\} (\S+)$/m),
    clears: sample(/^ledger_read_cache_clears_total (\S+)$/m),
    checks: sample(/^ledger_read_cache_checks_total (\S+)$/m),
  };
  return [counts.hit, counts.miss, counts.clears].some(Number.isNaN) ? undefined : counts;
}
