// End to end: admin amount adjustments and freezes racing a stream of records on two server processes lose no update and never overdraw.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../support/cli.js';
import {
  MeteringLedger, fromMicros, inParallel, replayJournal, toMicros, type ApiResponse, type PackageInfo,
} from '../support/metering.js';

const QUANTITIES = [0.5, 1, 1.5, 2];
const RECORDS = 300;
const CLIENTS = 12;

describe('amount adjustments and freezes racing 300 records from 12 clients', () => {
  let ledger: MeteringLedger;
  let servers: RunningServer[];
  let purchased: PackageInfo; // its amount is adjusted up and down
  let allocated: PackageInfo; // frozen and unfrozen; drawn first while normal
  const applied: Array<{ id: string; quantity: number; body: any }> = [];
  const refused: ApiResponse[] = [];
  const unexpected: string[] = [];
  const sampled: string[] = [];
  let lastAmount: number;
  let adjustments = 0;
  let freezes = 0;
  let belowUsageRefusals = 0;

  beforeAll(async () => {
    ledger = await MeteringLedger.create({
      servers: 2, grants: [{ amount: 150 }, { amount: 150, flags: ['--source', 'ADMIN_ALLOCATED'] }],
    });
    [purchased, allocated] = ledger.granted as [PackageInfo, PackageInfo];
    servers = ledger.servers;
    lastAmount = purchased.amount;

    let streaming = true;
    // However fast the server, the admin loops must have come round again every 50 records: a race, not a queue.
    const laps = { adjuster: 0, freezer: 0 };
    const stream = inParallel(RECORDS, CLIENTS, async (i) => {
      while (streaming && Math.min(laps.adjuster, laps.freezer) < Math.floor(i / 50)) await sleep(2);
      const id = `race-${i}`;
      const quantity = QUANTITIES[i % QUANTITIES.length]!;
      const r = await ledger.record(servers[i % 2]!.base, id, quantity);
      if (r.status === 201) applied.push({ id, quantity, body: r.body });
      else if (r.status === 409 && r.body?.error_code === 'MSS.20010056' && r.body.available_quantity < quantity) refused.push(r);
      else unexpected.push(`${id}: ${r.status} ${r.text}`);
    }).finally(() => (streaming = false));

    // Adjusts the purchased package's amount to a little above or below its current amount, never below usage.
    const adjuster = (async () => {
      const admin = servers[1]!.base;
      for (let n = 0; streaming; n++, laps.adjuster++) {
        const pkgs = await ledger.packages(admin);
        for (const p of pkgs) if (p.usage > p.amount) sampled.push(`${p.resource_id}: usage ${p.usage} > amount ${p.amount}`);
        const current = pkgs.find((p) => p.resource_id === purchased.resource_id)!;
        if (current.usage >= 1) {
          // Usage only grows, so anything under the usage just read is under the usage now.
          // In micro-units: 64.501 - 1 in floating point is 63.501000000000005, which the server rightly refuses as 400.
          const under = fromMicros(toMicros(current.usage) - 1_000_000n);
          const below = await ledger.patchPackage(admin, purchased.resource_id, { amount: under, reason: 'too low' });
          if (below.status === 409 && below.body.error_code === 'MSS.00000005') belowUsageRefusals++;
          else unexpected.push(`below-usage PATCH: ${below.status} ${below.text}`);
        }
        const target = fromMicros(toMicros(current.usage) + BigInt((n % 2 === 0 ? 2 : 40) * 1_000_000 + n * 1000));
        const r = await ledger.patchPackage(admin, purchased.resource_id, { amount: target, reason: `race adjustment ${n}` });
        if (r.status === 200) {
          if (r.body.amount !== target) unexpected.push(`PATCH to ${target} answered amount ${r.body.amount}`);
          if (r.body.usage > r.body.amount) unexpected.push(`PATCH answered usage ${r.body.usage} > amount ${r.body.amount}`);
          lastAmount = target;
          adjustments++;
        } else if (!(r.status === 409 && r.body.error_code === 'MSS.00000005')) {
          unexpected.push(`adjust PATCH: ${r.status} ${r.text}`);
        }
      }
    })().catch((e: unknown) => {
      unexpected.push(`adjuster: ${String(e)}`);
      laps.adjuster = Infinity; // let the stream finish
    });

    const freezer = (async () => {
      const admin = servers[0]!.base;
      for (let n = 0; streaming; n++, laps.freezer++) {
        const r = await ledger.patchPackage(admin, allocated.resource_id, { status: n % 2 === 0 ? 1 : 0 });
        if (r.status === 200) freezes++;
        else unexpected.push(`freeze PATCH: ${r.status} ${r.text}`);
      }
      const r = await ledger.patchPackage(admin, allocated.resource_id, { status: 0 });
      if (r.status !== 200) unexpected.push(`final unfreeze: ${r.status} ${r.text}`);
    })().catch((e: unknown) => {
      unexpected.push(`freezer: ${String(e)}`);
      laps.freezer = Infinity;
    });

    await Promise.all([stream, adjuster, freezer]);
  });

  afterAll(async () => {
    await ledger?.stopServers();
  });

  it('answered every record 201 or 409 MSS.20010056 and every admin change 200 or a 409 conflict', () => {
    expect(unexpected).toEqual([]);
    expect(applied.length + refused.length).toBe(RECORDS);
    // The race really happened: both admin loops changed something while records flowed.
    expect(adjustments).toBeGreaterThanOrEqual(1);
    expect(freezes).toBeGreaterThanOrEqual(RECORDS / 50 - 1);
    expect(belowUsageRefusals).toBeGreaterThanOrEqual(1);
  });

  it('never showed a package with usage above its amount', () => {
    expect(sampled).toEqual([]);
  });

  it('lost no update: usage is the sum of the applied records, the amount the last adjustment', async () => {
    const expectedUsage = fromMicros(applied.reduce((s, a) => s + toMicros(a.quantity), 0n));
    const pkgs = await ledger.packages(servers[0]!.base);
    const p1 = pkgs.find((p) => p.resource_id === purchased.resource_id)!;
    const p2 = pkgs.find((p) => p.resource_id === allocated.resource_id)!;
    expect(p1.amount).toBe(lastAmount);
    expect(p2).toMatchObject({ amount: 150, status: 0 });
    expect(fromMicros(toMicros(p1.usage) + toMicros(p2.usage))).toBe(expectedUsage);
    expect(p1.usage).toBeLessThanOrEqual(p1.amount);
    expect(p2.usage).toBeLessThanOrEqual(p2.amount);
    const tenant = await ledger.tenantUsage(servers[1]!.base);
    expect(tenant).toMatchObject({ usage: expectedUsage, amount: fromMicros(toMicros(p1.amount) + toMicros(p2.amount)) });

    const stored = await ledger.allRecords(servers[1]!.base);
    expect(stored.map((r) => r.record_id).sort()).toEqual(applied.map((a) => a.id).sort());
    const byId = new Map(applied.map((a) => [a.id, a.body]));
    for (const r of stored) expect(r).toEqual(byId.get(r.record_id));
  });

  it('has a journal that replays to the packages, never overdrawn, never drawn from while frozen', async () => {
    const journal = await ledger.journal(servers[0]!.base);
    const { problems, final } = replayJournal(journal);
    expect(problems).toEqual([]);
    expect(journal.filter((e) => e.kind === 'frozen').length).toBeGreaterThanOrEqual(1);
    expect(journal.filter((e) => e.kind === 'adjusted').length).toBe(adjustments);
    const pkgs = await ledger.packages(servers[0]!.base);
    for (const p of pkgs) {
      expect({ amount: fromMicros(final.get(p.resource_id)!.amount), usage: fromMicros(final.get(p.resource_id)!.usage) })
        .toEqual({ amount: p.amount, usage: p.usage });
    }
    // Each applied record's journal entries add up to its quantity.
    const consumed = new Map<string, bigint>();
    for (const e of journal) if (e.kind === 'consumed') consumed.set(e.record_id!, (consumed.get(e.record_id!) ?? 0n) + toMicros(e.usage_delta));
    expect(consumed.size).toBe(applied.length);
    for (const a of applied) expect(consumed.get(a.id)).toBe(toMicros(a.quantity));
  });

  it('refuses to lower the amount below what is used (409), leaving the package as it was', async () => {
    const before = (await ledger.packages(servers[0]!.base)).find((p) => p.resource_id === purchased.resource_id)!;
    expect(before.usage).toBeGreaterThan(0);
    const r = await ledger.patchPackage(servers[0]!.base, purchased.resource_id, { amount: before.usage - 0.5, reason: 'too low' });
    expect(r.status).toBe(409);
    expect(r.body.error_code).toBe('MSS.00000005');
    const ok = await ledger.patchPackage(servers[0]!.base, purchased.resource_id, { amount: before.usage, reason: 'exactly used' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ amount: before.usage, usage: before.usage });
    const after = (await ledger.packages(servers[1]!.base)).find((p) => p.resource_id === purchased.resource_id)!;
    expect(after).toMatchObject({ amount: before.usage, usage: before.usage });
  });

  it('leaves a ledger check that exits 0', async () => {
    const check = await ledger.check();
    expect(check.report).toEqual({ ok: true, overdrawn_packages: 0, mismatches: [] });
    expect(check.code).toBe(0);
  });
});
