// Verb: record up to 1,000 usage records in one call, each atomic on its own, results in request order.
import { LedgerError, invalidParameter } from '../domain/errors.js';
import { authorizeMetering } from './authorize.js';
import type { ServiceContext } from './context.js';
import { applyRecord, type RecordOutcome } from './record-usage.js';
import { validateRecord, type UsageRecordInput } from './usage-record-input.js';

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
  // One transaction (one commit) for the whole batch; a savepoint per record keeps each atomic on its own.
  return ctx.store.transaction(async (tx) => {
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
  });
}

/** Only ledger errors become per-record results; anything else is a fault that aborts the batch. */
function asLedgerError(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  throw error;
}
