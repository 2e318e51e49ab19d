// Verb: record up to 1,000 usage records in one call, each atomic on its own, results in request order.
import { LedgerError, invalidParameter } from '../domain/errors.js';
import { authorizeMetering } from './authorize.js';
import type { ServiceContext } from './context.js';
import { applyRecord, type RecordOutcome } from './record-usage.js';
import { validateRecord, type UsageRecordInput, type ValidRecord } from './usage-record-input.js';
import type { LedgerTx } from '../storage/types.js';

export const MAX_BATCH = 1000;

export type BatchResult = { ok: true; outcome: RecordOutcome } | { ok: false; error: LedgerError };

export async function recordUsageBatch(ctx: ServiceContext, inputs: UsageRecordInput[]): Promise<BatchResult[]> {
  // A caller who may meter no project at all (a tenant) is refused as a whole with 403, not record by record.
  authorizeMetering(ctx.actor, '');
  if (inputs.length === 0 || inputs.length > MAX_BATCH) throw invalidParameter(`records: must hold 1 to ${MAX_BATCH} records`);
  // Validation and authorisation are per record: one bad record must not sink the others.
  const prepared = inputs.map((input) => {
    try {
      authorizeMetering(ctx.actor, input.projectId);
      return { ok: true as const, valid: validateRecord(ctx, input) };
    } catch (error) {
      return { ok: false as const, error: asLedgerError(error) };
    }
  });
  // One transaction (one commit) for the whole batch; a savepoint per record keeps each atomic on its own. Its
  // size tells SQLite's group commit not to put several batches under one COMMIT.
  const records = prepared.filter((p) => p.ok).length;
  return ctx.store.transaction(async (tx) => {
    if (!ctx.store.serialisesWriters) await lockInFixedOrder(tx, prepared.flatMap((p) => (p.ok ? [p.valid] : [])));
    const results: BatchResult[] = [];
    for (const p of prepared) {
      if (!p.ok) {
        results.push(p);
        continue;
      }
      try {
        results.push({ ok: true, outcome: await tx.savepoint(() => applyRecord(ctx, tx, p.valid)) });
      } catch (error) {
        results.push({ ok: false, error: asLedgerError(error) });
      }
    }
    return results;
  }, { records });
}

/**
 * Takes the row locks of every package group the batch may draw from, in one sorted order, before applying
 * anything: two batches drawing the same groups in opposite request order would otherwise deadlock on
 * PostgreSQL. Records still apply in request order, so request order still decides who gets the last units.
 */
async function lockInFixedOrder(tx: LedgerTx, records: ValidRecord[]): Promise<void> {
  const groups = new Map<string, ValidRecord>();
  for (const r of records) groups.set(JSON.stringify([r.projectId, r.resourceType, r.businessType, r.subResourceType]), r);
  for (const key of [...groups.keys()].sort()) {
    const r = groups.get(key)!;
    await tx.listDrawablePackages({
      projectId: r.projectId, resourceType: r.resourceType, businessType: r.businessType,
      subResourceType: r.subResourceType, at: r.occurredAt,
    });
  }
}

/** Only ledger errors become per-record results; anything else is a fault that aborts the batch. */
function asLedgerError(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  throw error;
}
