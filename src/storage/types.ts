// Row shapes and the Store interface every storage backend implements.
export type Role = 'tenant' | 'service' | 'admin';

export interface ProjectRow {
  projectId: string;
  name: string;
  parentProjectId: string | null;
  status: 'active' | 'disabled';
  createdAt: Date;
}

export interface CredentialRow {
  projectId: string;
  accessKey: string;
  role: Role;
  secretCiphertext: Buffer;
  status: 'active' | 'disabled';
  createdAt: Date;
}

/** A resource package; quantities are exact micro-units (see domain/quantity). */
export interface PackageRow {
  projectId: string;
  resourceId: string;
  orderId: string | null;
  resourceType: string;
  businessType: string;
  subResourceType: string | null;
  isSubResource: boolean;
  parentResourceId: string | null;
  chargingMode: string;
  resourceSource: string;
  unit: string;
  amount: bigint;
  usage: bigint;
  status: 0 | 1;
  effectiveAt: Date;
  expiresAt: Date | null;
  boundAssetId: string | null;
  boundAssetName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type JournalKind = 'granted' | 'consumed' | 'reversed' | 'adjusted' | 'frozen' | 'unfrozen' | 'expired' | 'allocated';

export interface JournalEntryInput {
  projectId: string;
  resourceId: string;
  kind: JournalKind;
  amountDelta: bigint;
  usageDelta: bigint;
  amountAfter: bigint;
  usageAfter: bigint;
  recordId: string | null;
  actor: string;
  requestId: string | null;
  createdAt: Date;
}

export interface JournalEntry extends JournalEntryInput {
  entryId: number;
}

export interface JournalQuery {
  projectId: string;
  resourceId?: string;
  limit: number;
  /** Pagination marker: entries older than this id. */
  beforeEntryId?: number;
}

export interface AuditInput {
  projectId: string;
  action: string;
  targetId: string;
  actor: string;
  requestId: string | null;
  sourceAddress: string | null;
  detail: Record<string, unknown>;
  createdAt: Date;
}

/** The grouping key and totals of one resources-usage row. */
export interface UsageSumRow {
  resourceType: string;
  businessType: string;
  subResourceType: string | null;
  isSubResource: boolean;
  chargingMode: string;
  resourceSource: string;
  unit: string;
  amount: bigint;
  usage: bigint;
}

export interface UsageSumQuery {
  projectId: string;
  now: Date;
  /** Empty means no filter. */
  resourceTypes: string[];
  businessTypes: string[];
}

export interface MigrationStatus {
  applied: number[];
  pending: number[];
}

/** Reads see committed data only, so a write by another process is visible on the next call. */
export interface LedgerReader {
  getProject(projectId: string): Promise<ProjectRow | undefined>;
  countProjects(): Promise<number>;
  findCredential(accessKey: string): Promise<CredentialRow | undefined>;
  getPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined>;
  sumUsage(query: UsageSumQuery): Promise<UsageSumRow[]>;
  /** Newest first. */
  listJournal(query: JournalQuery): Promise<JournalEntry[]>;
}

/** Writes happen only inside a transaction; each method is scoped to one project. */
export interface LedgerTx extends LedgerReader {
  insertProject(row: ProjectRow): Promise<void>;
  insertCredential(row: CredentialRow): Promise<void>;
  insertPackage(row: PackageRow): Promise<void>;
  appendJournal(entry: JournalEntryInput): Promise<void>;
  appendAudit(entry: AuditInput): Promise<void>;
}

export interface Store extends LedgerReader {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the data lives, for start-up messages (never includes a password). */
  readonly location: string;
  migrate(): Promise<MigrationStatus>;
  migrationStatus(): Promise<MigrationStatus>;
  transaction<T>(fn: (tx: LedgerTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
