// `npx tsx bench/ab.ts [REF] [reads|records] [--env-a VARS] [--env-b VARS] ...`: two builds or two settings, back to back.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, generateLedger } from './generate-ledger.js';
import { startLedgerServer } from './ledger-server.js';
import { runLoad, type LoadResult } from './load.js';
import { log } from './log.js';
import { prng } from './package-mix.js';
import { createBenchDatabase, loadIntoPostgres, type BenchDatabase } from './postgres.js';
import { readCacheCounts, type ReadCacheCounts } from './scenarios.js';
import { waitForIdle, type ServerProcess } from './server-process.js';
import { recordSpecs, signedUsageRecord, usageReadPool, type SignedRequest } from './signed-requests.js';

/**
 * On a shared two-core VM one measured round differs from the next by ±10–15%, more than most single changes
 * gain. Two builds measured in alternating rounds (A B, then B A, ...) on the same ledger share every slow moment
 * alike, and the medians of enough rounds tell a 5% change apart. One server is measured at a time.
 */
const USAGE = 'usage: npx tsx bench/ab.ts [REF] [reads|records] [--env-a "K=V ..."] [--env-b "K=V ..."] [--rounds N] [--seconds S] [--projects N] [--connections N] [--postgres]';

// Signed reads made once and sent in a cycle: about as many tenants as the benchmark's read rounds touch.
const READ_POOL = 20_000;

interface AbOptions {
  /** the other build (side A); undefined: both sides are this checkout, told apart by their environments */
  ref?: string;
  /** more environment for each side's server, e.g. LEDGER_READ_CACHE_MB=16 */
  envA: Record<string, string>;
  envB: Record<string, string>;
  scenario: 'reads' | 'records';
  rounds: number;
  seconds: number;
  projects: number;
  connections: number;
  /** both servers on a PostgreSQL copy of the ledger (reads only) */
  postgres: boolean;
}

/** "K=V K2=V2" as an environment; anything else is refused. */
function parseEnv(arg: string, text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (text ?? '').split(/\s+/).filter(Boolean)) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new Error(`${arg}: '${pair}' is not NAME=value\n${USAGE}`);
    env[match[1]!] = match[2]!;
  }
  return env;
}

function parseAbOptions(argv: string[]): AbOptions {
  const opts: AbOptions = { envA: {}, envB: {}, scenario: 'reads', rounds: 8, seconds: 5, projects: 5_000, connections: 50, postgres: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg}: '${argv[i] ?? ''}' is not a positive integer\n${USAGE}`);
      return n;
    };
    if (arg === 'reads' || arg === 'records') opts.scenario = arg;
    else if (arg === '--env-a') opts.envA = parseEnv(arg, argv[++i]);
    else if (arg === '--env-b') opts.envB = parseEnv(arg, argv[++i]);
    else if (arg === '--rounds') opts.rounds = value();
    else if (arg === '--seconds') opts.seconds = value();
    else if (arg === '--projects') opts.projects = value();
    else if (arg === '--connections') opts.connections = value();
    else if (arg === '--postgres') opts.postgres = true;
    else if (!arg.startsWith('-') && opts.ref === undefined) opts.ref = arg;
    else throw new Error(`unknown option '${arg}'\n${USAGE}`);
  }
  if (opts.postgres && opts.scenario !== 'reads') throw new Error(`--postgres compares reads only\n${USAGE}`);
  if (opts.ref === undefined && Object.keys(opts.envA).length + Object.keys(opts.envB).length === 0) {
    throw new Error(`nothing to compare: give a commit, or --env-a/--env-b\n${USAGE}`);
  }
  return opts;
}

const describeEnv = (env: Record<string, string>) => Object.entries(env).map(([k, v]) => ` ${k}=${v}`).join('');

/** The server's TypeScript compiled into `checkout`/dist, with this checkout's compiler. */
function compileServer(checkout: string): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: checkout, stdio: 'inherit' });
}

/** REF's server, compiled in a detached worktree beside this checkout's node_modules. */
function buildRef(ref: string, dir: string): { cli: string; commit: string; remove: () => void } {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const tree = path.join(dir, `build-${commit}`);
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', tree, commit], { cwd: ROOT, stdio: 'inherit' });
  const remove = () => {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT, stdio: 'ignore' });
  };
  try {
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
    log(`building ${ref} (${commit})`);
    compileServer(tree);
  } catch (err) {
    remove();
    throw err;
  }
  return { cli: path.join(tree, 'bin', 'tenant-ledger.js'), commit, remove };
}

interface Side {
  label: string;
  server: ServerProcess;
  rounds: LoadResult[];
  next: () => SignedRequest;
}

/**
 * What the SQLite read cache did in a round, so that a round slowed by the cache (clears, misses) is told from one
 * slowed by the machine: e.g. ", read cache 100% hits, 0 clears, 0.05 checks/req"; empty without its counters.
 */
function describeCache(before: ReadCacheCounts | undefined, after: ReadCacheCounts | undefined, requests: number): string {
  if (!before || !after) return '';
  const lookups = after.hit + after.miss - before.hit - before.miss;
  const hits = lookups > 0 ? `${(((after.hit - before.hit) / lookups) * 100).toFixed(1)}% hits` : 'no lookups';
  const checks = requests > 0 && Number.isFinite(after.checks - before.checks)
    ? `, ${((after.checks - before.checks) / requests).toFixed(2)} checks/req` : '';
  return `, read cache ${hits}, ${after.clears - before.clears} clears${checks}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summary(side: Side): string {
  const of = (pick: (r: LoadResult) => number | null) => side.rounds.map(pick).filter((v): v is number => v !== null);
  const rps = of((r) => r.requests_per_s);
  const cpu = of((r) => r.server_cpu_ms_per_request);
  const p99 = of((r) => r.p99_ms);
  return `${side.label.padEnd(36)} ${Math.round(median(rps)).toLocaleString('en-US').padStart(7)} req/s `
    + `(${Math.min(...rps).toLocaleString('en-US')}–${Math.max(...rps).toLocaleString('en-US')})  `
    + `CPU ${median(cpu).toFixed(3)} ms/req (${Math.min(...cpu).toFixed(3)}–${Math.max(...cpu).toFixed(3)})  p99 ${median(p99).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const opts = parseAbOptions(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'tenant-ledger-ab-'));
  const servers: ServerProcess[] = [];
  let removeBuild = () => {};
  let database: BenchDatabase | undefined;
  try {
    const other = opts.ref === undefined ? undefined : buildRef(opts.ref, dir);
    if (other) removeBuild = other.remove;
    log('building this checkout');
    compileServer(ROOT);
    const masterKey = crypto.randomBytes(32);
    const ledger = generateLedger(path.join(dir, 'ledger.db'), opts.projects, masterKey);
    log(`ledger: ${ledger.packages.toLocaleString('en-US')} packages in ${ledger.seconds.toFixed(1)} s`);
    if (opts.postgres) {
      database = await createBenchDatabase();
      const seconds = await loadIntoPostgres(ledger.file, database, masterKey, path.join(dir, 'dump.jsonl'));
      log(`PostgreSQL: loaded into ${database.name} in ${seconds.toFixed(1)} s`);
    }
    const builds = [
      { label: `${other ? `${opts.ref} (${other.commit})` : 'this checkout'}${describeEnv(opts.envA)}`, cli: other?.cli, env: opts.envA },
      { label: `this checkout${describeEnv(opts.envB)}`, cli: undefined, env: opts.envB },
    ];
    const sides: Side[] = [];
    for (const [i, build] of builds.entries()) {
      // Reads share the file (nothing is written); records write, so each build gets its own copy.
      const file = opts.scenario === 'reads' ? ledger.file : path.join(dir, `ledger-${i}.db`);
      if (file !== ledger.file) fs.copyFileSync(ledger.file, file);
      const server = await startLedgerServer({
        name: `ab-${i}`, file, masterKey, logFile: path.join(dir, `server-${i}.log`), env: build.env, ...(build.cli ? { cli: build.cli } : {}),
        ...(database ? { databaseUrl: database.url } : {}),
      });
      servers.push(server);
      let next: () => SignedRequest;
      if (opts.scenario === 'reads') {
        const pool = usageReadPool(server.url, ledger.projects, READ_POOL, prng(42));
        let n = 0;
        next = () => pool[n++ % pool.length]!;
      } else {
        const spec = recordSpecs(ledger.projects, prng(7), `ab${i}${Date.now().toString(36)}`);
        next = () => signedUsageRecord(server.url, spec());
      }
      sides.push({ label: build.label, server, rounds: [], next });
    }
    const expected = opts.scenario === 'reads' ? [200] : [200, 201, 409];
    const run = async (side: Side, seconds: number, amount?: number) => {
      await waitForIdle(side.server.pid);
      const before = await readCacheCounts(side.server);
      const result = await runLoad({
        label: side.label, url: side.server.url, connections: opts.connections, seconds, next: side.next, expected, serverPid: side.server.pid,
        ...(amount === undefined ? {} : { amount }),
      });
      return { result, cache: describeCache(before, await readCacheCounts(side.server), result.requests) };
    };
    // Reads warm up with every request of the pool once, so that the first round is answered from a warm cache too
    // (2 s of reads left one lookup in twenty to load in the first round).
    for (const side of sides) await run(side, 2, opts.scenario === 'reads' ? READ_POOL : undefined);
    for (let round = 1; round <= opts.rounds; round++) {
      for (const side of round % 2 === 1 ? sides : [...sides].reverse()) {
        const { result, cache } = await run(side, opts.seconds);
        if (result.invalid) throw new Error(`${side.label}: ${result.invalid}`);
        side.rounds.push(result);
        log(`round ${round}/${opts.rounds} ${side.label}: ${result.requests_per_s.toLocaleString('en-US')} req/s, `
          + `CPU ${result.server_cpu_ms_per_request} ms/req, p99 ${result.p99_ms} ms${cache}`);
      }
    }
    console.log(`\n${opts.scenario}${database ? ' (PostgreSQL)' : ''}, ${ledger.packages.toLocaleString('en-US')} packages, ${opts.rounds} alternating rounds of ${opts.seconds} s (median, range):`);
    for (const side of sides) console.log(summary(side));
    const [a, b] = sides.map((s) => median(s.rounds.map((r) => r.requests_per_s)));
    console.log(`${sides[1]!.label} / ${sides[0]!.label}: ${((b! / a!) * 100).toFixed(0)}% of the requests per second`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    removeBuild();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ab: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
