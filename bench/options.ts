// Command-line options of `npm run bench` and the sizes of the full and quick modes.
import os from 'node:os';
export interface BenchOptions {
  quick: boolean;
  /** projects of the large ledger (20 packages each) */
  projects: number;
  /** projects of the small ledger used for the size comparison */
  smallProjects: number;
  /** seconds per measured round; warm-up is separate */
  seconds: number;
  warmupSeconds: number;
  /** alternating baseline / resources-usage rounds */
  rounds: number;
  connections: number;
  /** connections of the batch scenario: each carries batchSize records, and the SQLite writer is serialised */
  batchConnections: number;
  batchSize: number;
  /** write a V8 CPU profile of the ledger server into bench/results/ */
  cpuProf: boolean;
  /** keep the generated ledgers (path printed) instead of deleting them */
  keep: boolean;
  /** folder for the generated ledgers (default: the system temp folder); its disk decides the cost of a commit */
  dir: string;
  /** serve --workers of the SQLite ledger servers: processes sharing the port (default 1) */
  workers: number;
}

const USAGE = `usage: npm run bench -- [--quick] [--projects N] [--small-projects N] [--seconds S] [--rounds N]
                          [--connections N] [--batch-size N] [--batch-connections N]
                          [--cpu-prof] [--keep] [--dir FOLDER] [--workers N]`;

function positiveInt(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n <= 0) throw new Error(`${name}: '${text ?? ''}' is not a positive integer\n${USAGE}`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const opts: BenchOptions = {
    quick,
    projects: quick ? 5_000 : 100_000,
    smallProjects: 500,
    seconds: quick ? 2 : 10,
    warmupSeconds: quick ? 1 : 3,
    // Three in the full run: on this shared VM one round in five or so is disturbed, sometimes two in a row.
    rounds: quick ? 2 : 3,
    connections: 50,
    batchConnections: quick ? 4 : 8,
    batchSize: 1000,
    cpuProf: false,
    keep: false,
    dir: os.tmpdir(),
    workers: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => argv[++i];
    switch (arg) {
      case '--quick': break;
      case '--projects': opts.projects = positiveInt(arg, next()); break;
      case '--small-projects': opts.smallProjects = positiveInt(arg, next()); break;
      case '--seconds': opts.seconds = positiveInt(arg, next()); break;
      case '--rounds': opts.rounds = positiveInt(arg, next()); break;
      case '--connections': opts.connections = positiveInt(arg, next()); break;
      case '--batch-size': opts.batchSize = positiveInt(arg, next()); break;
      case '--batch-connections': opts.batchConnections = positiveInt(arg, next()); break;
      case '--cpu-prof': opts.cpuProf = true; break;
      case '--keep': opts.keep = true; break;
      case '--dir': opts.dir = next() ?? ''; break;
      case '--workers': opts.workers = positiveInt(arg, next()); break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown option '${arg}'\n${USAGE}`);
    }
  }
  if (opts.batchSize > 1000) throw new Error('--batch-size: the batch API takes at most 1000 records');
  return opts;
}
