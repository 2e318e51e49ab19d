// A server whose PostgreSQL goes away answers 503 with the MetaStudio body at once, stays up, and recovers by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../support/cli.js';
import { PgServedLedger } from '../support/pg-servers.js';
import { postgresAvailable } from '../support/postgres.js';
import type { TcpProxy } from '../support/tcp-proxy.js';

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!postgresAvailable)('a database outage seen by one of two servers', () => {
  let ledger: PgServedLedger;
  let cut: RunningServer;
  let proxy: TcpProxy;
  let healthy: RunningServer;

  beforeAll(async () => {
    ledger = await PgServedLedger.create();
    await ledger.grant(50);
    // Short timeouts, so the silent-network case is decided in about a second.
    const env = { LEDGER_PG_CONNECT_TIMEOUT_MS: '1000', LEDGER_PG_STATEMENT_TIMEOUT_MS: '1000' };
    const started = await ledger.startServer({ proxied: true, env });
    cut = started.server;
    proxy = started.proxy!;
    healthy = (await ledger.startServer()).server;
    expect((await ledger.record(cut.base, 'before', 1)).status).toBe(201);
  }, 120_000);
  afterAll(() => ledger?.close());

  const readyz = async (base: string) => {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const burst = Array.from({ length: 40 }, (_, i) => `burst-${i}`);

  it('stays up when the database goes away in the middle of a burst of records, answering each 201 or 503', async () => {
    const inFlight = Promise.all(burst.map((id) => ledger.record(cut.base, id, 0.1)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    proxy.set('down');
    const statuses = (await inFlight).map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
    expect(cut.process.exitCode).toBeNull();
  });

  it('answers 503 with the MetaStudio error body quickly while its database is unreachable, and stays up', async () => {
    proxy.set('down');
    const usage = await timed(() => ledger.usage(cut.base));
    expect(usage.value.status).toBe(503);
    expect(usage.ms).toBeLessThan(3000);
    const record = await timed(() => ledger.record(cut.base, 'during-outage', 1));
    expect(record.value.status).toBe(503);
    expect(record.value.body).toEqual({ error_code: 'MSS.00000001', error_msg: 'Service temporarily unavailable' });
    expect(record.ms).toBeLessThan(3000);
    expect(await readyz(cut.base)).toMatchObject({ status: 503, body: { error_code: 'MSS.00000001' } });
    expect((await fetch(`${cut.base}/healthz`)).status).toBe(200);
    expect(cut.process.exitCode).toBeNull();
    // The other server, whose database is fine, is not affected.
    expect((await ledger.record(healthy.base, 'elsewhere', 1)).status).toBe(201);
  });

  it('answers 503 within the timeouts when the network goes silent instead (no hang)', async () => {
    proxy.set('silent');
    const usage = await timed(() => ledger.usage(cut.base));
    expect(usage.value.status).toBe(503);
    expect(usage.ms).toBeLessThan(6000);
    const record = await timed(() => ledger.record(cut.base, 'during-silence', 1));
    expect(record.value.status).toBe(503);
    expect(record.ms).toBeLessThan(6000);
    expect(cut.process.exitCode).toBeNull();
  });

  it('resumes by itself when the database is back, and a retried record applies exactly once', async () => {
    proxy.set('up');
    const ready = await until(() => readyz(cut.base), (r) => r.status === 200, 15_000);
    expect(ready).toEqual({ status: 200, body: { status: 'ok' } });
    const before = (await ledger.usage(healthy.base)).usage;
    // The outage answers may or may not have committed (a reply lost after COMMIT): a retry is always safe.
    let added = 0;
    const retries: Array<[string, number]> = [['during-outage', 1], ['during-silence', 1], ['after', 2], ...burst.map((id) => [id, 0.1] as [string, number])];
    for (const [id, q] of retries) {
      const r = await ledger.record(cut.base, id, q);
      expect([200, 201]).toContain(r.status);
      if (r.status === 201) added = Math.round((added + q) * 10) / 10;
    }
    expect((await ledger.usage(cut.base)).usage).toBeCloseTo(before + added, 6);
    // Whatever the outage answered, every record is now applied exactly once.
    expect((await ledger.usage(healthy.base)).usage).toBeCloseTo(1 + 1 + 1 + 1 + 2 + 4, 6);
    expect(cut.process.exitCode).toBeNull();
    expect(await ledger.check()).toEqual({ code: 0, report: { ok: true, overdrawn_packages: 0, mismatches: [] } });
  });
});
