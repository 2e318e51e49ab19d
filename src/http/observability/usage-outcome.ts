// What a usage-record answer means for the metering metrics: applied, replayed or refused, from its status alone.
export type UsageOutcome = 'applied' | 'replayed' | 'refused';

/**
 * 201 is a new record and 200 the same record again (the routes' contract); any other 4xx is a refusal.
 * 401/403 never reached the ledger (they count as auth failures) and a 5xx is our failure, not a refusal.
 */
export function usageOutcome(status: number): UsageOutcome | undefined {
  if (status === 201) return 'applied';
  if (status === 200) return 'replayed';
  if (status >= 400 && status < 500 && status !== 401 && status !== 403) return 'refused';
  return undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the usage-record routes: "record" counts the reply status, "batch" the statuses the route lists. */
    metering?: 'record' | 'batch';
  }
  interface FastifyReply {
    /** Per-record statuses of a batch answer, set by the batch route for the metering metrics. */
    meteringStatuses?: number[];
  }
}
