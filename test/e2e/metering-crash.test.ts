// End to end: kill -9 the server in the middle of a stream of records; after a restart every acknowledged record is there and nothing is half applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../support/cli.js';
import {
  MeteringLedger, fromMicros, recordBody, recordPath, replayJournal, signedFetch, toMicros, type JournalEntryInfo,
  type UsageRecordInfo,
} from '../support/metering.js';

const QUANTITIES = [0.3, 0.7, 1.1, 2];
const SINGLE_CLIENTS = 8;
const BATCH_SIZE = 50;
// Counted in records, so the kill comes a few hundred records into the stream.
const KILL_AFTER_ACKS = 200;

describe('kill -9 in the middle of a stream of records', () => {
  let ledger: MeteringLedger;
  let first: RunningServer;
  let second: RunningServer;
  const quantityOf = new Map<string, number>();
  const acked = new Map<string, UsageRecordInfo>();
  const unknown = new Set<string>();
  const unexpected: string[] = [];
  let killExit: number | null | undefined;
  let stored: UsageRecordInfo[];
  let journal: JournalEntryInfo[];

  beforeAll(async () => {
    // Two packages, so records are split across them and a torn write would show.
    ledger = await MeteringLedger.create({ grants: [{ amount: 100, flags: ['--source', 'ADMIN_ALLOCATED'] }, { amount: 5000 }] });
    first = ledger.servers[0]!;

    let killed = false;
    let ackCount = 0;
    let kill!: () => void;
    const killedNow = new Promise<void>((resolve) => (kill = resolve));
    const ack = (records = 1) => {
      ackCount += records;
      if (ackCount >= KILL_AFTER_ACKS) kill();
    };

    const singles = Array.from({ length: SINGLE_CLIENTS }, async (_, w) => {
      for (let n = 0; !killed; n++) {
        const id = `crash-${w}-${n}`;
        const quantity = QUANTITIES[(w + n) % QUANTITIES.length]!;
        quantityOf.set(id, quantity);
        try {
          const r = await ledger.record(first.base, id, quantity);
          if (r.status === 201) {
            acked.set(id, r.body as UsageRecordInfo);
            ack();
          } else unexpected.push(`${id}: ${r.status} ${r.text}`);
        } catch {
          unknown.add(id); // no answer: the kill came first
          return;
        }
      }
    });
    const batches = (async () => {
      for (let n = 0; !killed; n++) {
        const ids = Array.from({ length: BATCH_SIZE }, (_, i) => `crash-batch-${n}-${i}`);
        ids.forEach((id, i) => quantityOf.set(id, QUANTITIES[i % QUANTITIES.length]!));
        const records = ids.map((id) => ({ project_id: ledger.projectId, ...recordBody(id, quantityOf.get(id)!) }));
        try {
          const r = await signedFetch(first.base, ledger.service, 'POST', '/admin/v1/usage-records:batch', { records });
          if (r.status !== 200) {
            unexpected.push(`batch ${n}: ${r.status} ${r.text}`);
            continue;
          }
          for (const res of r.body.results) {
            if (res.status === 201) acked.set(res.record_id, res.record);
            else unexpected.push(`batch ${n} record ${res.record_id}: ${res.status} ${res.error_code}`);
          }
          ack(ids.length);
        } catch {
          ids.forEach((id) => unknown.add(id));
          return;
        }
      }
    })();

    await killedNow;
    killed = true;
    killExit = await first.stop('SIGKILL');
    await Promise.all([...singles, batches]);

    second = await ledger.startServer();
    [stored, journal] = await Promise.all([ledger.allRecords(second.base), ledger.journal(second.base)]);
  });

  afterAll(async () => {
    await ledger?.stopServers();
  });

  it('was killed with requests still unanswered', () => {
    expect(unexpected).toEqual([]);
    expect(killExit).toBeNull(); // killed by a signal, not a clean exit
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(unknown.size).toBeGreaterThan(0);
  });

  it('kept every acknowledged record, exactly as it was answered', () => {
    const byId = new Map(stored.map((r) => [r.record_id, r]));
    const missing = [...acked.keys()].filter((id) => !byId.has(id));
    expect(missing).toEqual([]);
    for (const [id, body] of acked) expect(byId.get(id)).toEqual(body);
    // Nothing appeared that was never sent, and no record is there twice.
    expect(stored.filter((r) => !acked.has(r.record_id) && !unknown.has(r.record_id))).toEqual([]);
    expect(new Set(stored.map((r) => r.record_id)).size).toBe(stored.length);
  });

  it('applied nothing by half: usage is exactly the sum of the records present, journal and all', async () => {
    const recordsTotal = stored.reduce((s, r) => s + toMicros(r.quantity), 0n);
    expect((await ledger.tenantUsage(second.base)).usage).toBe(fromMicros(recordsTotal));
    const pkgs = await ledger.packages(second.base);
    expect(pkgs.reduce((s, p) => s + toMicros(p.usage), 0n)).toBe(recordsTotal);

    const { problems } = replayJournal(journal);
    expect(problems).toEqual([]);
    const consumed = new Map<string, bigint>();
    for (const e of journal.filter((x) => x.kind === 'consumed')) {
      consumed.set(e.record_id!, (consumed.get(e.record_id!) ?? 0n) + toMicros(e.usage_delta));
    }
    expect(consumed.size).toBe(stored.length);
    for (const r of stored) {
      expect(consumed.get(r.record_id)).toBe(toMicros(r.quantity));
      expect(r.allocations.reduce((s, a) => s + toMicros(a.quantity), 0n)).toBe(toMicros(r.quantity));
    }
  });

  it('replays acknowledged records (200, same body) and applies the unanswered ones not present once', async () => {
    const before = (await ledger.tenantUsage(second.base)).usage;
    const present = new Set(stored.map((r) => r.record_id));
    const ackedIds = [...acked.keys()];
    const replays = await Promise.all(ackedIds.map((id) => ledger.record(second.base, id, quantityOf.get(id)!)));
    for (const [i, r] of replays.entries()) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual(acked.get(ackedIds[i]!));
    }
    const unknownIds = [...unknown];
    const retries = await Promise.all(unknownIds.map((id) => ledger.record(second.base, id, quantityOf.get(id)!)));
    let added = 0n;
    for (const [i, r] of retries.entries()) {
      const id = unknownIds[i]!;
      expect(r.status).toBe(present.has(id) ? 200 : 201);
      if (present.has(id)) expect(r.body).toEqual(stored.find((x) => x.record_id === id));
      else added += toMicros(quantityOf.get(id)!);
    }
    expect((await ledger.tenantUsage(second.base)).usage).toBe(fromMicros(toMicros(before) + added));
  });

  it('leaves a ledger check that exits 0', async () => {
    const check = await ledger.check();
    expect(check.report).toEqual({ ok: true, overdrawn_packages: 0, mismatches: [] });
    expect(check.code).toBe(0);
  });
});
