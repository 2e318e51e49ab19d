// Three stateless `serve --database-url` processes on one PostgreSQL database: no overdraw, exactly once, read-your-writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../support/metering.js';
import { inParallel } from '../support/metering.js';
import { PgServedLedger } from '../support/pg-servers.js';
import { postgresAvailable } from '../support/postgres.js';

describe.skipIf(!postgresAvailable)('three servers sharing one PostgreSQL database, a tenant holding 100 units', () => {
  let ledger: PgServedLedger;
  let bases: string[];
  let first: ApiResponse[];
  const ids = Array.from({ length: 300 }, (_, i) => `burst-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    ledger = await PgServedLedger.create();
    await ledger.grant(100);
    bases = (await Promise.all([0, 1, 2].map(() => ledger.startServer()))).map((s) => s.server.base);
    // All 300 at once, spread round-robin over the three servers.
    first = await Promise.all(ids.map((id, i) => ledger.record(bases[i % 3]!, id, 1)));
  }, 120_000);
  afterAll(() => ledger?.close());

  it('applies exactly 100 of 300 concurrent records and refuses the other 200 with MSS.20010056', () => {
    const statuses = first.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(200);
    for (const r of first.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ error_code: 'MSS.20010056', available_quantity: 0 });
    // Each server applied some: the race really was between processes.
    for (let s = 0; s < 3; s++) expect(first.filter((r, i) => i % 3 === s && r.status === 201).length).toBeGreaterThan(0);
  });

  it('shows usage 100 of 100 on every server', async () => {
    for (const base of bases) expect(await ledger.usage(base)).toEqual({ status: 200, amount: 100, usage: 100 });
  });

  it('answers a retry of an applied record sent to another server with the original result, consuming nothing', async () => {
    const applied = first.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 201).slice(0, 30);
    const retries = await Promise.all(applied.map(({ i }) => ledger.record(bases[(i + 1) % 3]!, ids[i]!, 1)));
    retries.forEach((r, k) => {
      expect(r.status).toBe(200);
      expect(r.body).toEqual(applied[k]!.r.body);
    });
    expect(await ledger.usage(bases[2]!)).toMatchObject({ usage: 100 });
  });

  it('applies one of 30 simultaneous copies of a new record spread over the servers and replays it to the other 29', async () => {
    await ledger.grant(10);
    const copies = await Promise.all(Array.from({ length: 30 }, (_, i) => ledger.record(bases[i % 3]!, 'same-everywhere', 2.5)));
    expect(copies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(copies.filter((r) => r.status === 200)).toHaveLength(29);
    for (const r of copies) expect(r.body).toEqual(copies.find((c) => c.status === 201)!.body);
    expect(await ledger.usage(bases[0]!)).toMatchObject({ amount: 110, usage: 102.5 });
  });

  it('shows a record acknowledged by one server in resources-usage on the others at once', async () => {
    let expected = 102.5;
    await inParallel(1, 1, async () => {
      for (let i = 0; i < 6; i++) {
        const r = await ledger.record(bases[i % 3]!, `ryw-${i}`, 0.5);
        expect(r.status).toBe(201);
        expected += 0.5;
        for (const other of [bases[(i + 1) % 3]!, bases[(i + 2) % 3]!]) expect((await ledger.usage(other)).usage).toBe(expected);
      }
    });
  });

  it('leaves a ledger whose packages equal their journal, nothing overdrawn', async () => {
    expect(await ledger.check()).toEqual({ code: 0, report: { ok: true, overdrawn_packages: 0, mismatches: [] } });
  });
});
