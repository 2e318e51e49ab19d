// Verb: recompute every package from its journal and report where the two disagree (promise 6).
import type { JournalMismatch } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import type { ServiceContext } from './context.js';

export interface LedgerCheck {
  mismatches: JournalMismatch[];
  overdrawn: number;
}

export async function checkLedger(ctx: ServiceContext): Promise<LedgerCheck> {
  authorizeAdmin(ctx.actor);
  const [mismatches, overdrawn] = await Promise.all([ctx.store.checkJournal(), ctx.store.countOverdrawn()]);
  return { mismatches, overdrawn };
}
