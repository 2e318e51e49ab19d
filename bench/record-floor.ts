// `npx tsx bench/record-floor.ts [--quick] [--projects N] [--rounds N]`: what a usage record costs below HTTP, per ledger call.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createCatalog } from '../src/domain/catalog.js';
import { SecretBox } from '../src/auth/secret-box.js';
import { recordUsageBatch } from '../src/services/record-usage-batch.js';
import type { ServiceContext } from '../src/services/context.js';
import { SqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { LedgerTx, Store } from '../src/storage/types.js';
import { projectIdOf } from './bench-credentials.js';
import { generateLedger } from './generate-ledger.js';
import { parseOptions } from './options.js';
import { prng } from './package-mix.js';
import { warmIntoPageCache } from './page-cache.js';
import { RECORD_RESOURCE_TYPE, recordSpecs } from './signed-requests.js';

const BATCH = 1000;

/** The store with each transaction's ledger calls timed: milliseconds per method name, summed. */
function timedStore(store: Store, spent: Map<string, number>): Store {
  const add = (name: string, ms: number) => spent.set(name, (spent.get(name) ?? 0) + ms);
  const timeTx = (tx: LedgerTx): LedgerTx => new Proxy(tx, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      // A savepoint's time is that of the calls inside it, counted there.
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'savepoint' || prop === 'optimisticSavepoint') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          add(prop, performance.now() - started);
        }
      };
    },
  });
  return new Proxy(store, {
    get(target, prop) {
      if (prop !== 'transaction') return Reflect.get(target, prop, target);
      // Time outside the transaction's body is its BEGIN, its COMMIT and the wait for the group commit's turn.
      return async (fn: (tx: LedgerTx) => Promise<unknown>, options?: Parameters<Store['transaction']>[1]) => {
        const started = performance.now();
        let inside = 0;
        try {
          return await target.transaction(async (tx) => {
            const entered = performance.now();
            try {
              return await fn(timeTx(tx));
            } finally {
              inside += performance.now() - entered;
            }
          }, options);
        } finally {
          add('BEGIN, COMMIT and their waits', performance.now() - started - inside);
        }
      };
    },
  });
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(opts.dir, 'tenant-ledger-floor-'));
  const masterKey = crypto.randomBytes(32);
  try {
    const ledger = generateLedger(path.join(dir, 'ledger.db'), opts.projects, masterKey);
    warmIntoPageCache(ledger.file);
    // As `serve` opens it: the writer's page cache, the read cache, the checkpointer on its own thread.
    const store = SqliteStore.open(ledger.file);
    // The store's waits (the WAL pause, the checkpointer) hold no handle open: in serve the HTTP server does.
    const keepAlive = setInterval(() => undefined, 1000);
    await store.migrate();
    store.startBackgroundMaintenance((message) => process.stderr.write(`${message}\n`));
    const spent = new Map<string, number>();
    const ctx: ServiceContext = {
      actor: { kind: 'operator', name: 'bench' }, store: timedStore(store, spent), catalog: createCatalog([]),
      secretBox: new SecretBox(masterKey), clock: () => new Date(), requestId: null, sourceAddress: 'bench',
    };
    const spec = recordSpecs(ledger.projects, prng(7), `floor${Date.now().toString(36)}`);
    const batch = () => Array.from({ length: BATCH }, () => {
      const s = spec();
      return { projectId: projectIdOf(s.projectIndex), recordId: s.recordId, resourceType: RECORD_RESOURCE_TYPE, quantity: s.quantity };
    });
    await recordUsageBatch(ctx, batch());
    spent.clear();
    const rounds = Math.max(opts.rounds, 1) * 10;
    const started = performance.now();
    let applied = 0;
    for (let i = 0; i < rounds; i++) applied += (await recordUsageBatch(ctx, batch())).filter((r) => r.ok).length;
    const ms = performance.now() - started;
    await store.close();
    clearInterval(keepAlive);
    const records = rounds * BATCH;
    const perRecord = (x: number) => `${((x * 1000) / records).toFixed(1).padStart(6)} µs`;
    const inLedger = [...spent.values()].reduce((a, b) => a + b, 0);
    console.log(`${opts.projects * 20} packages, ${rounds} batches of ${BATCH} random tenants' records through the`
      + ` batch verb on the store (no HTTP): ${Math.round(records / (ms / 1000))} records/s, ${applied} applied`);
    console.log(`${perRecord(ms)} per record in all`);
    for (const [name, total] of [...spent].sort((a, b) => b[1] - a[1])) console.log(`${perRecord(total)}  ${name}`);
    console.log(`${perRecord(ms - inLedger)}  everything else (validation, planning, savepoint bookkeeping, results)`);
    console.log(`50,000 records/s would be 20 µs per record in all`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
