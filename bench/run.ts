// `npm run bench [-- --quick]`: generates the ledgers, starts the real server and the baseline, measures, checks, reports.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkLedger } from './check-ledger.js';
import { ROOT, generateLedger, type GeneratedLedger } from './generate-ledger.js';
import { sendOnce } from './http-probe.js';
import { startLedgerServer } from './ledger-server.js';
import { log } from './log.js';
import { machineInfo } from './machine.js';
import { parseOptions, type BenchOptions } from './options.js';
import { prng } from './package-mix.js';
import {
  createBenchDatabase, loadIntoPostgres, startPostgresLedgerServer, PG_ADMIN_URL, type BenchDatabase,
} from './postgres.js';
import { buildReport, formatTable, writeReport, type Outcome, type Skipped } from './report.js';
import {
  runHotTenant, runReadRounds, runReadsDuringWrites, runUsageBatches, runUsageRecords, type HotTenantResult,
} from './scenarios.js';
import { startServer, type ServerProcess } from './server-process.js';
import { signedUsageRead } from './signed-requests.js';

const RESULTS = path.join(ROOT, 'bench', 'results');

function generate(dir: string, name: string, projects: number, masterKey: Buffer): GeneratedLedger {
  log(`generating ${name} ledger: ${projects.toLocaleString('en-US')} projects x 20 packages`);
  const ledger = generateLedger(path.join(dir, `${name}.db`), projects, masterKey);
  log(`  ${ledger.packages.toLocaleString('en-US')} packages in ${ledger.seconds.toFixed(1)} s`);
  return ledger;
}


/** The baseline answers with a real resources-usage body of median size, so both serve the same bytes. */
async function sampleBody(server: ServerProcess, projects: number): Promise<string> {
  const random = prng(1);
  const bodies: string[] = [];
  for (let i = 0; i < 51; i++) {
    const res = await sendOnce(server.url, signedUsageRead(server.url, Math.floor(random() * projects)));
    if (res.status !== 200) throw new Error(`resources-usage answered ${res.status}: ${res.body}`);
    bodies.push(res.body);
  }
  bodies.sort((a, b) => a.length - b.length);
  return bodies[25]!;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);

/**
 * Loads the small ledger into a fresh PostgreSQL database and starts a server on it. Any failure (PostgreSQL not
 * reachable, import refused, server not starting, resources-usage not answering 200) makes the PostgreSQL
 * scenarios "skipped" instead of failing the run; the database, if created, is registered for dropping.
 */
async function setUpPostgres(
  small: GeneratedLedger, masterKey: Buffer, dir: string, onDatabase: (db: BenchDatabase) => void,
): Promise<ServerProcess | Skipped> {
  let server: ServerProcess | undefined;
  try {
    log(`PostgreSQL: creating a database (${PG_ADMIN_URL.replace(/\/[^/]*$/, '/...')})`);
    const db = await createBenchDatabase();
    onDatabase(db);
    const seconds = await loadIntoPostgres(small.file, db, masterKey, path.join(dir, 'small-dump.jsonl'));
    log(`PostgreSQL: small ledger exported and imported into ${db.name} in ${seconds.toFixed(1)} s`);
    server = await startPostgresLedgerServer(db, masterKey, path.join(dir, 'ledger-postgres.log'));
    const res = await sendOnce(server.url, signedUsageRead(server.url, 0));
    if (res.status !== 200) throw new Error(`resources-usage answered ${res.status}: ${res.body.slice(0, 120)}`);
    return server;
  } catch (err) {
    if (server) await server.stop();
    const skipped = `skipped: PostgreSQL not available (${message(err)})`;
    log(`PostgreSQL: ${skipped}`);
    return { skipped };
  }
}

async function postgresUsageRecord(opts: BenchOptions, server: ServerProcess | Skipped, projects: number): Promise<Outcome> {
  if ('skipped' in server) return server;
  try {
    return await runUsageRecords(opts, server, projects);
  } catch (err) {
    return { skipped: `skipped: PostgreSQL run failed (${message(err)})` };
  }
}

const HOT_TENANT_CONCURRENCY = 300;

async function postgresHotTenant(server: ServerProcess | Skipped): Promise<HotTenantResult | Skipped> {
  if ('skipped' in server) return server;
  try {
    return await runHotTenant(server, 0, HOT_TENANT_CONCURRENCY);
  } catch (err) {
    return { skipped: `skipped: PostgreSQL run failed (${message(err)})` };
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const startedAt = Date.now();
  const machine = machineInfo();
  const dir = fs.mkdtempSync(path.join(opts.dir, 'tenant-ledger-bench-'));
  const masterKey = crypto.randomBytes(32);
  const servers: ServerProcess[] = [];
  let pgDatabase: BenchDatabase | undefined;
  const dropDatabase = async () => {
    if (!pgDatabase) return;
    await pgDatabase.drop().then(
      () => log(`PostgreSQL: dropped ${pgDatabase!.name}`),
      (err: unknown) => log(`PostgreSQL: could not drop ${pgDatabase!.name}: ${message(err)}`),
    );
  };
  const cleanUp = () => {
    for (const s of servers) s.child.kill('SIGKILL');
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  };
  // Ctrl-C: no stray servers, no gigabyte ledger left in the temp folder, no bench database left in PostgreSQL.
  process.once('SIGINT', () => {
    cleanUp();
    void dropDatabase().finally(() => process.exit(130));
  });
  try {
    const large = generate(dir, 'large', opts.projects, masterKey);
    const small = generate(dir, 'small', opts.smallProjects, masterKey);
    const pgServer = await setUpPostgres(small, masterKey, dir, (db) => { pgDatabase = db; });
    if (!('skipped' in pgServer)) servers.push(pgServer);
    // Both start at once; whichever started is stopped at the end even if the other failed.
    const started = await Promise.allSettled([
      startLedgerServer({
        name: 'ledger-large', file: large.file, masterKey, logFile: path.join(dir, 'ledger-large.log'), workers: opts.workers,
        ...(opts.cpuProf ? { cpuProfDir: path.join(RESULTS, 'profiles') } : {}),
      }),
      startLedgerServer({
        name: 'ledger-small', file: small.file, masterKey, logFile: path.join(dir, 'ledger-small.log'), workers: opts.workers,
      }),
      // The same large ledger without the read cache: what a read costs when nothing is kept (every read after a write).
      startLedgerServer({
        name: 'ledger-large-uncached', file: large.file, masterKey, logFile: path.join(dir, 'ledger-large-uncached.log'),
        workers: opts.workers, env: { LEDGER_READ_CACHE_MB: '0' },
      }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [ledger, ledgerSmall, ledgerUncached] = started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value) as
      [ServerProcess, ServerProcess, ServerProcess];
    const body = await sampleBody(ledger, large.projects);
    fs.writeFileSync(path.join(dir, 'baseline-body.json'), body);
    const baseline = await startServer({
      name: 'baseline', command: process.execPath,
      args: ['--import', 'tsx', path.join(ROOT, 'bench', 'baseline-server.ts'), path.join(dir, 'baseline-body.json')],
    });
    servers.push(baseline);
    log(`servers up: ledger ${ledger.url} (pid ${ledger.pid}), small ledger ${ledgerSmall.url}, baseline ${baseline.url}; body ${body.length} B`);

    const rounds = await runReadRounds(opts, [
      { label: 'baseline', server: baseline, signedFor: ledger, projects: large.projects },
      { label: 'resources-usage', server: ledger, signedFor: ledger, projects: large.projects },
      { label: 'resources-usage small ledger', server: ledgerSmall, signedFor: ledgerSmall, projects: small.projects },
      { label: 'resources-usage read cache off', server: ledgerUncached, signedFor: ledgerUncached, projects: large.projects },
      ...('skipped' in pgServer ? [] : [
        { label: 'resources-usage postgres', server: pgServer, signedFor: pgServer, projects: small.projects },
      ]),
    ]);
    log('stopping the small ledger server and the one without read cache');
    await ledgerSmall.stop();
    await ledgerUncached.stop();
    const usageRecord = await runUsageRecords(opts, ledger, large.projects, large.file);
    const readsDuringWrites = await runReadsDuringWrites(opts, ledger, large.projects);
    const usageBatch = await runUsageBatches(opts, ledger, large.projects, large.file);
    const hotTenant = await runHotTenant(ledger, 0, HOT_TENANT_CONCURRENCY);
    // Last, so that PostgreSQL's own background writes after the run do not disturb the SQLite measurements.
    const pgUsageRecord = await postgresUsageRecord(opts, pgServer, small.projects);
    const pgHotTenant = await postgresHotTenant(pgServer);
    for (const s of servers) await s.stop();
    log('checking the ledger (overdraw, journal)');
    const check = checkLedger(large.file);
    machine.load_average_at_end = os.loadavg().map((x) => Math.round(x * 100) / 100);
    const report = buildReport({
      options: opts, machine, large, small, responseBytes: Buffer.byteLength(body),
      baselineRounds: rounds.get('baseline')!, usageRounds: rounds.get('resources-usage')!,
      usageSmallRounds: rounds.get('resources-usage small ledger')!,
      usageUncachedRounds: rounds.get('resources-usage read cache off')!, usageRecord, readsDuringWrites, usageBatch, check,
      pgUsageRounds: 'skipped' in pgServer ? pgServer : rounds.get('resources-usage postgres')!, pgUsageRecord,
      hotTenant, pgHotTenant,
      totalSeconds: (Date.now() - startedAt) / 1000,
    });
    const file = writeReport(report, RESULTS);
    process.stdout.write(`\n${formatTable(report)}\n\nwritten to ${path.relative(process.cwd(), file)}\n`);
    if (opts.cpuProf) log(`CPU profile of the ledger server in ${path.relative(process.cwd(), path.join(RESULTS, 'profiles'))}`);
  } finally {
    for (const s of servers) await s.stop();
    await dropDatabase();
    if (opts.keep) log(`ledgers and server logs kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
