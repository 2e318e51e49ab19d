// End to end: a producer retrying after an interrupted response gets the original result and is counted once; a refused record_id stays free.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../support/cli.js';
import {
  MeteringLedger, rawSignedRequest, recordBody, recordPath, sendAndAbort, signedFetch, uniqueId, type UsageRecordInfo,
} from '../support/metering.js';

let ledger: MeteringLedger;
let server: RunningServer;

beforeAll(async () => {
  ledger = await MeteringLedger.create({ grants: [{ amount: 1000 }] });
  server = ledger.servers[0]!;
});

afterAll(async () => {
  await ledger?.stopServers();
});

async function storedRecord(recordId: string): Promise<UsageRecordInfo | undefined> {
  return (await ledger.allRecords(server.base)).find((r) => r.record_id === recordId);
}

describe('a retry after an interrupted response', () => {
  it('returns the original record when the first attempt committed but its answer was never read', async () => {
    const before = await ledger.tenantUsage(server.base);
    const id = uniqueId('lost-answer');
    const url = new URL(server.base);
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(rawSignedRequest(server.base, ledger.service, 'POST', recordPath(ledger.projectId), recordBody(id, 2.25)));
    // Wait until the server has committed, then hang up without reading a byte of the answer.
    let committed: UsageRecordInfo | undefined;
    for (let i = 0; i < 250 && !committed; i++) {
      committed = await storedRecord(id);
      if (!committed) await sleep(20);
    }
    socket.destroy();
    expect(committed).toBeDefined();

    const retry = await ledger.record(server.base, id, 2.25);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(committed);
    const again = await ledger.record(server.base, id, 2.25);
    expect(again).toMatchObject({ status: 200, body: committed });
    expect(await ledger.tenantUsage(server.base)).toEqual({ ...before, usage: before.usage + 2.25 });
  });

  it('counts each of 40 records aborted right after being written exactly once when retried', async () => {
    const before = await ledger.tenantUsage(server.base);
    const ids = Array.from({ length: 40 }, (_, i) => uniqueId(`aborted-${i}`));
    await Promise.all(ids.map((id) => sendAndAbort(server.base, ledger.service, 'POST', recordPath(ledger.projectId), recordBody(id, 0.5))));
    const retries = await Promise.all(ids.map((id) => ledger.record(server.base, id, 0.5)));
    for (const [i, r] of retries.entries()) {
      // 200 if the interrupted attempt committed, 201 if it never did; never a second consumption.
      expect([200, 201]).toContain(r.status);
      expect(r.body).toMatchObject({ record_id: ids[i], quantity: 0.5, status: 'applied' });
    }
    // Whatever the first attempts did, every later retry answers with what the ledger holds.
    const stored = await ledger.allRecords(server.base);
    for (const [i, id] of ids.entries()) {
      const again = await ledger.record(server.base, id, 0.5);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(retries[i]!.body);
      expect(stored.filter((r) => r.record_id === id)).toEqual([retries[i]!.body]);
    }
    expect(await ledger.tenantUsage(server.base)).toEqual({ ...before, usage: before.usage + 20 });
  });

  it('applies the record (201) on retry when the interrupted attempt never fully arrived', async () => {
    const before = await ledger.tenantUsage(server.base);
    const id = uniqueId('cut-short');
    const bytes = rawSignedRequest(server.base, ledger.service, 'POST', recordPath(ledger.projectId), recordBody(id, 1.75));
    const url = new URL(server.base);
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    await new Promise<void>((resolve) => socket.write(bytes.subarray(0, bytes.length - 5), () => resolve()));
    await sleep(50);
    socket.destroy();
    await sleep(50);
    expect(await storedRecord(id)).toBeUndefined();

    const retry = await ledger.record(server.base, id, 1.75);
    expect(retry.status).toBe(201);
    expect(await ledger.record(server.base, id, 1.75)).toMatchObject({ status: 200, body: retry.body });
    expect(await ledger.tenantUsage(server.base)).toEqual({ ...before, usage: before.usage + 1.75 });
  });

  it('refuses the same record_id with other content as a conflict, consuming nothing', async () => {
    const before = await ledger.tenantUsage(server.base);
    const id = uniqueId('reused');
    expect((await ledger.record(server.base, id, 1)).status).toBe(201);
    const reuse = await ledger.record(server.base, id, 2);
    expect(reuse.status).toBe(409);
    expect(reuse.body.error_code).toBe('MSS.00000005');
    expect(await ledger.tenantUsage(server.base)).toEqual({ ...before, usage: before.usage + 1 });
  });
});

describe('a record refused for insufficient quota', () => {
  const CLONE = 'voice_clone_basic';
  const post = (id: string, quantity: number) =>
    signedFetch(server.base, ledger.service, 'POST', recordPath(ledger.projectId), recordBody(id, quantity, CLONE));

  it('leaves its record_id free: refused again while short, applied once more is granted, then replayed', async () => {
    await ledger.grantHttp(2, CLONE);
    const a = uniqueId('clone-a');
    const b = uniqueId('clone-b');

    const refused = await post(a, 3);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error_code: 'MSS.20010056', available_quantity: 2 });
    // Still short: the same answer again, not a conflict with the failed attempt.
    expect((await post(a, 3)).body).toMatchObject({ error_code: 'MSS.20010056', available_quantity: 2 });
    // The key is free, so it may even carry other content now.
    const smaller = await post(a, 1);
    expect(smaller.status).toBe(201);

    expect((await post(b, 3)).body).toMatchObject({ error_code: 'MSS.20010056', available_quantity: 1 });
    await ledger.grantHttp(2, CLONE);
    const applied = await post(b, 3);
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ record_id: b, quantity: 3, status: 'applied' });
    expect(applied.body.allocations.reduce((s: number, x: { quantity: number }) => s + x.quantity, 0)).toBe(3);
    expect(await post(b, 3)).toMatchObject({ status: 200, body: applied.body });
    // a is taken now: its original content replays, other content conflicts.
    expect(await post(a, 1)).toMatchObject({ status: 200, body: smaller.body });
    expect((await post(a, 3)).body.error_code).toBe('MSS.00000005');

    expect(await ledger.tenantUsage(server.base, CLONE)).toEqual({ amount: 4, usage: 4, rows: 1 });
  });

  it('leaves a ledger check that exits 0', async () => {
    const check = await ledger.check();
    expect(check.report).toEqual({ ok: true, overdrawn_packages: 0, mismatches: [] });
    expect(check.code).toBe(0);
  });
});
