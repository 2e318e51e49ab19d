// `npx tsx bench/profile.ts reads|records|batch [--postgres] [--quick] [--seconds S] ...`: one scenario against a --cpu-prof server, hotspots per request.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, generateLedger } from './generate-ledger.js';
import { startLedgerServer } from './ledger-server.js';
import { runLoad, type LoadSpec } from './load.js';
import { parseOptions } from './options.js';
import { createBenchDatabase, loadIntoPostgres, type BenchDatabase } from './postgres.js';
import { prng } from './package-mix.js';
import { topFunctions, type Profile } from './profile-top.js';
import type { ServerProcess } from './server-process.js';
import { recordSpecs, signedUsageBatch, signedUsageRecord, usageReadPool } from './signed-requests.js';

const SCENARIOS = ['reads', 'records', 'batch'] as const;
type Scenario = (typeof SCENARIOS)[number];

function loadSpec(scenario: Scenario, server: ServerProcess, projects: number, connections: number, batchSize: number) {
  const base = { url: server.url, serverPid: server.pid, connections };
  if (scenario === 'reads') {
    const pool = usageReadPool(server.url, projects, 20_000, prng(5));
    let i = 0;
    return { ...base, next: () => pool[i++ % pool.length]!, expected: [200] };
  }
  const spec = recordSpecs(projects, prng(6), `p${Date.now().toString(36)}`);
  if (scenario === 'records') return { ...base, next: () => signedUsageRecord(server.url, spec()), expected: [200, 201, 409] };
  return {
    ...base, connections: Math.min(connections, 8), timeoutSeconds: 300, expected: [200],
    next: () => signedUsageBatch(server.url, Array.from({ length: batchSize }, spec)),
  };
}

async function main(): Promise<void> {
  const [scenario, ...args] = process.argv.slice(2) as [Scenario, ...string[]];
  if (!SCENARIOS.includes(scenario)) throw new Error(`usage: tsx bench/profile.ts ${SCENARIOS.join('|')} [--postgres] [bench options]`);
  // --postgres: the server on a PostgreSQL copy of the ledger (reads: the store's statements, not the read cache).
  const postgres = args.includes('--postgres');
  if (postgres && scenario !== 'reads') throw new Error('profile.ts --postgres profiles reads only');
  const opts = parseOptions(args.filter((a) => a !== '--postgres'));
  // Each worker would write a profile of its own, with a share of the requests: profile one process.
  if (opts.workers > 1) throw new Error('profile.ts profiles one server process: --workers is for npm run bench');
  const dir = fs.mkdtempSync(path.join(opts.dir, 'tenant-ledger-profile-'));
  const profDir = path.join(ROOT, 'bench', 'results', 'profiles', `${scenario}${postgres ? '-postgres' : ''}-${Date.now()}`);
  let database: BenchDatabase | undefined;
  try {
    const masterKey = crypto.randomBytes(32);
    const ledger = generateLedger(path.join(dir, 'ledger.db'), opts.projects, masterKey);
    if (postgres) {
      database = await createBenchDatabase();
      await loadIntoPostgres(ledger.file, database, masterKey, path.join(dir, 'dump.jsonl'));
    }
    const server = await startLedgerServer({
      name: 'ledger', file: ledger.file, masterKey, logFile: path.join(dir, 'ledger.log'), cpuProfDir: profDir,
      ...(database ? { databaseUrl: database.url } : {}),
    });
    let result;
    let warmupRequests;
    try {
      const spec: Omit<LoadSpec, 'label' | 'seconds'> = loadSpec(scenario, server, ledger.projects, opts.connections, opts.batchSize);
      // Batches run by count (every answer awaited), so no work of an unanswered batch is in the profile.
      const batches = (n: number) => (scenario === 'batch' ? { amount: spec.connections * n } : {});
      warmupRequests = (await runLoad({ ...spec, ...batches(1), label: 'warm-up', seconds: opts.warmupSeconds })).requests;
      result = await runLoad({ ...spec, ...batches(3), label: scenario, seconds: opts.seconds });
    } finally {
      await server.stop();
    }
    // One profile per thread (the WAL checkpointer has its own): the main thread's is CPU.<date>.<time>.<pid>.0.<n>.
    const file = fs.readdirSync(profDir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f))!;
    const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as Profile;
    // Start-up lands in functions of its own (module loading); the request path is divided by every request served.
    const requests = result.requests + warmupRequests;
    const perUnit = scenario === 'batch' ? requests * opts.batchSize : requests;
    const unit = scenario === 'batch' ? 'record' : 'request';
    console.log(`${scenario}: ${result.requests_per_s} req/s, server CPU ${result.server_cpu_ms_per_request} ms/request, ${ledger.packages} packages`);
    const profilePath = path.relative(process.cwd(), path.join(profDir, file));
    console.log(`profile: ${profilePath}`);
    console.log(`flame graph: npx speedscope ${profilePath}\n`);
    const { self, total } = topFunctions(profile, 40);
    const us = (ms: number) => `${((ms * 1000) / perUnit).toFixed(1).padStart(8)} µs/${unit}`;
    console.log('self time:');
    for (const [k, ms] of self) console.log(`  ${us(ms)}  ${k}`);
    console.log('\ntotal time (function and what it calls):');
    for (const [k, ms] of total) console.log(`  ${us(ms)}  ${k}`);
  } finally {
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`profile: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
