// tenant-ledger serve: run the HTTP API (with --demo, an empty ledger first gets a demo tenant).
import cluster from 'node:cluster';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../config.js';
import { LISTENING, runWorkers, type ListeningMessage } from '../../http/cluster/cluster-primary.js';
import { limitHeapGrowth } from '../../http/heap-growth.js';
import { startServer } from '../../http/server.js';
import { openRuntime, operatorContext, type Runtime } from '../../runtime.js';
import { seedDemo, type DemoTenant } from '../../services/seed-demo.js';

interface ServeFlags {
  host?: string;
  port?: string;
  db?: string;
  demo?: boolean;
  workers?: string;
}

const say = (line: string) => process.stderr.write(line + '\n');

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the MetaStudio tenant API')
    .option('--host <host>', 'address to listen on (default $LEDGER_HOST or 127.0.0.1)')
    .option('--port <port>', 'port (default $LEDGER_PORT or 8080; 0 picks a free one)')
    .option('--demo', 'create a demo tenant when the ledger is empty')
    .option('--db <file>', 'SQLite ledger file (default $LEDGER_DB or ./data/ledger.db)')
    .option('--workers <n>', 'server processes sharing the port, e.g. one per core (default $LEDGER_WORKERS or 1)')
    .action(async (flags: ServeFlags) => {
      const config = loadConfig(flags);
      limitHeapGrowth();
      // A worker of serve --workers re-runs this command line: the primary has already migrated and seeded.
      if (cluster.isWorker) return serveAsWorker(config);
      const runtime = await openRuntime(config, { readCache: true });
      reportMasterKey(runtime);
      const demo = flags.demo ? await seedDemo(operatorContext(runtime)) : undefined;
      const location = runtime.store.location;
      if (config.workers > 1) {
        // The primary only forks, watches and stops the workers: it keeps no connection to the ledger.
        await runtime.store.close();
        const port = await runWorkers(config.workers);
        announce(config, port, location, demo, `, ${config.workers} workers`);
        return;
      }
      const app = await startServer(config, runtime);
      announce(config, boundPort(app, config), location, demo, '');
    });
}

async function serveAsWorker(config: Config): Promise<void> {
  try {
    const runtime = await openRuntime(config, { processes: config.workers, readCache: true });
    const app = await startServer(config, runtime);
    process.send!({ type: LISTENING, port: boundPort(app, config) } satisfies ListeningMessage);
  } catch (err) {
    // The channel to the primary would keep this process alive after the error is reported (e.g. the port is
    // taken): let it go, so the worker exits with the error's exit code and the primary learns the start failed.
    // (process.disconnect() would make Node's cluster exit at once with 0.)
    cluster.worker!.disconnect();
    throw err;
  }
}

/** The port the server listens on: the one the system picked for --port 0. */
function boundPort(app: FastifyInstance, config: Config): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : config.port;
}

function announce(config: Config, port: number, location: string, demo: DemoTenant | undefined, workers: string): void {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${host}:${port}`;
  if (demo) printDemo(demo, base);
  // Last, so whoever waits for this line (scripts, tests) has everything above it.
  say(`tenant-ledger: listening on ${base} (ledger ${location}${workers})`);
}

function reportMasterKey(runtime: Runtime): void {
  const { source, file } = runtime.masterKey;
  if (source === 'new-file') say(`tenant-ledger: no LEDGER_MASTER_KEY set; created the key file ${file} (mode 600). Back it up with the database.`);
  if (source === 'existing-file') say(`tenant-ledger: secret keys encrypted with the key file ${file}`);
}

function printDemo(demo: DemoTenant, base: string): void {
  const { accessKey, secretKey } = demo.credential;
  say('');
  say('Demo tenant created (the secret key is shown only now):');
  say(`  project id  ${demo.projectId}`);
  say(`  access key  ${accessKey}`);
  say(`  secret key  ${secretKey}`);
  say('Try it:');
  say(`  LEDGER_AK=${accessKey} LEDGER_SK=${secretKey} npx tenant-ledger request GET ${base}/v1/${demo.projectId}/tenants/resources-usage`);
  say('');
}
