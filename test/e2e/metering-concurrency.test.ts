// End to end: bursts of concurrent signed usage records against a real server never overdraw and apply each record exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../support/cli.js';
import { MeteringLedger, recordBody, recordPath, signedFetch, type ApiResponse, uniqueId } from '../support/metering.js';

let main: MeteringLedger;

beforeAll(async () => {
  main = await MeteringLedger.create({ grants: [{ amount: 100 }] });
});

afterAll(async () => {
  await main?.stopServers();
});

describe('300 concurrent records of 1 unit against a tenant holding 100', () => {
  let ledger: MeteringLedger;
  let server: RunningServer;
  const ids = Array.from({ length: 300 }, (_, i) => `burst-${String(i).padStart(3, '0')}`);
  let first: ApiResponse[];

  const burst = () => Promise.all(ids.map((id) => ledger.record(server.base, id, 1)));

  beforeAll(async () => {
    ledger = main;
    server = ledger.servers[0]!;
    first = await burst();
  });

  it('applies exactly 100 and refuses exactly 200 with MSS.20010056, consuming nothing for them', () => {
    const statuses = first.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(200);
    for (const [i, r] of first.entries()) {
      if (r.status === 201) {
        expect(r.body).toMatchObject({ record_id: ids[i], project_id: ledger.projectId, quantity: 1, status: 'applied', overflow_quantity: 0 });
        expect(r.body.allocations).toEqual([{ resource_id: expect.any(String), quantity: 1 }]);
      } else {
        expect(r.body).toMatchObject({ error_code: 'MSS.20010056', available_quantity: 0 });
        expect(r.body.error_msg).toEqual(expect.any(String));
      }
    }
  });

  it('shows the tenant a usage of exactly 100 of 100', async () => {
    expect(await ledger.tenantUsage(server.base)).toEqual({ amount: 100, usage: 100, rows: 1 });
  });

  it('answers the same 300 again with the original bodies (200) or the same refusal, and consumes nothing more', async () => {
    const again = await burst();
    for (const [i, r] of again.entries()) {
      if (first[i]!.status === 201) {
        expect(r.status).toBe(200);
        expect(r.body).toEqual(first[i]!.body);
      } else {
        expect(r.status).toBe(409);
        expect(r.body.error_code).toBe('MSS.20010056');
      }
    }
    expect(await ledger.tenantUsage(server.base)).toEqual({ amount: 100, usage: 100, rows: 1 });
    const stored = await ledger.allRecords(server.base);
    expect(stored.map((r) => r.record_id).sort()).toEqual(ids.filter((_, i) => first[i]!.status === 201).sort());
  });

  it('applies one of 30 simultaneous copies of one new record and replays it to the other 29', async () => {
    await ledger.grantHttp(5);
    const id = uniqueId('dup');
    const copies = await Promise.all(Array.from({ length: 30 }, () => ledger.record(server.base, id, 2.5)));
    const created = copies.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(copies.filter((r) => r.status === 200)).toHaveLength(29);
    for (const r of copies) expect(r.body).toEqual(created[0]!.body);
    expect(await ledger.tenantUsage(server.base)).toMatchObject({ amount: 105, usage: 102.5 });
  });
});

describe('a batch of 1000 records of 0.1 against 50 units', () => {
  let ledger: MeteringLedger;
  let server: RunningServer;
  const records = () => ids.map((id) => ({ project_id: ledger.projectId, ...recordBody(id, 0.1) }));
  const ids = Array.from({ length: 1000 }, (_, i) => `batch-${String(i).padStart(4, '0')}`);
  let first: ApiResponse;

  beforeAll(async () => {
    // Another tenant on the same file and server; two packages, so exact decimal sums carry across a package boundary.
    ledger = await main.addProject([{ amount: 20.3 }, { amount: 29.7 }]);
    server = ledger.servers[0]!;
    first = await signedFetch(server.base, ledger.service, 'POST', '/admin/v1/usage-records:batch', { records: records() });
  });

  it('applies exactly the first 500 and refuses the last 500, results in request order', () => {
    expect(first.status).toBe(200);
    const results = first.body.results as Array<Record<string, any>>;
    expect(results).toHaveLength(1000);
    for (const [i, r] of results.entries()) {
      expect(r.index).toBe(i);
      expect(r.record_id).toBe(ids[i]);
      if (i < 500) {
        expect(r.status).toBe(201);
        expect(r.record).toMatchObject({ record_id: ids[i], quantity: 0.1, status: 'applied', overflow_quantity: 0 });
      } else {
        expect(r.status).toBe(409);
        expect(r.error_code).toBe('MSS.20010056');
        expect(r.record).toBeUndefined();
      }
    }
  });

  it('shows the tenant exactly 50 used of 50', async () => {
    expect(await ledger.tenantUsage(server.base)).toMatchObject({ amount: 50, usage: 50 });
  });

  it('replays the batch: the applied 500 come back as 200 with their original records, nothing more is consumed', async () => {
    const again = await signedFetch(server.base, ledger.service, 'POST', '/admin/v1/usage-records:batch', { records: records() });
    expect(again.status).toBe(200);
    const before = first.body.results as Array<Record<string, any>>;
    for (const [i, r] of (again.body.results as Array<Record<string, any>>).entries()) {
      expect(r.index).toBe(i);
      if (i < 500) expect(r).toEqual({ ...before[i], status: 200 });
      else expect(r).toMatchObject({ status: 409, error_code: 'MSS.20010056' });
    }
    // A single POST of a batch-applied record is a replay too.
    const single = await signedFetch(server.base, ledger.service, 'POST', recordPath(ledger.projectId), recordBody(ids[7]!, 0.1));
    expect(single.status).toBe(200);
    expect(single.body).toEqual(before[7]!.record);
    expect(await ledger.tenantUsage(server.base)).toMatchObject({ amount: 50, usage: 50 });
  });
});

describe('after both bursts', () => {
  it('leaves a ledger check that exits 0', async () => {
    const check = await main.check();
    expect(check.report).toEqual({ ok: true, overdrawn_packages: 0, mismatches: [] });
    expect(check.code).toBe(0);
  });
});
