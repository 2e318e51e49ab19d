// Everything the HTTP app needs from the outside, injected so tests build it in-process.
import type { SecretBox } from '../auth/secret-box.js';
import type { Catalog } from '../domain/catalog.js';
import type { RateLimit } from '../auth/rate-limiter.js';
import type { Store } from '../storage/types.js';
import type { Permits } from './batch-permits.js';
import type { LedgerMetrics } from './observability/ledger-metrics.js';

export interface SigningConfig {
  v11Scopes: Array<{ region: string; service: string }>;
  nodeLegacyPath: boolean;
  javaQueryQuirk: boolean;
}

export interface AppDeps {
  store: Store;
  catalog: Catalog;
  secretBox: SecretBox;
  signing: SigningConfig;
  clock?: () => Date;
  /** false: silent (tests); true: one JSON line per request on stdout. */
  log?: boolean;
  /** Where the JSON log lines go instead of stdout (tests read them here). */
  logStream?: { write(line: string): void };
  /** The metrics registry; createApp makes one when absent. */
  metrics?: LedgerMetrics;
  /** Requests per credential (access key or token user) and window; absent or null: no limit (LEDGER_RATE_LIMIT). */
  rateLimit?: RateLimit | null;
  /** The deployment's region name, answered as region_id by assignrecourd (LEDGER_REGION); absent: omitted. */
  region?: string;
  /**
   * Answer the plain signed resources-usage read before Fastify (fast-usage-read.ts); default true. Tests turn it
   * off to hold its answers to the route's.
   */
  fastUsageRead?: boolean;
  /** How many usage-record batches are parsed at once; createApp's routes make one of 2 when absent. */
  batchPermits?: Permits;
}
