// Row shapes and the Store interface every storage backend implements.
export type Role = 'tenant' | 'service' | 'admin';

export interface ProjectRow {
  projectId: string;
  name: string;
  parentProjectId: string | null;
  status: 'active' | 'disabled';
  /** Resource types whose uncovered remainder is recorded as billable pay-per-use overflow. */
  onDemandOverflow: string[];
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

export interface StoredAllocation {
  resourceId: string;
  quantity: bigint;
}

export interface UsageRecordRow {
  projectId: string;
  recordId: string;
  resourceType: string;
  businessType: string | null;
  subResourceType: string | null;
  quantity: bigint;
  overflowQuantity: bigint;
  allocations: StoredAllocation[];
  /** Hash of the caller's content, to tell a retry from a reuse of the key. */
  fingerprint: string;
  status: 'applied' | 'reversed';
  occurredAt: Date;
  createdAt: Date;
  reversedAt: Date | null;
  actor: string;
  requestId: string | null;
  /** Insertion order, the pagination marker (set by the store). */
  seq?: number;
}

export interface UsageRecordQuery {
  projectId: string;
  resourceType?: string;
  from?: Date;
  to?: Date;
  limit: number;
  beforeSeq?: number;
}

export interface DrawableQuery {
  projectId: string;
  resourceType: string;
  businessType: string;
  /** null: the non-sub-resource packages of the type. */
  subResourceType: string | null;
  at: Date;
}

export interface PackageChanges {
  usage?: bigint;
  amount?: bigint;
  status?: 0 | 1;
  expiresAt?: Date | null;
  updatedAt: Date;
}

export interface PackageListQuery {
  projectId: string;
  limit: number;
  offset: number;
}

export interface ProjectChanges {
  name?: string;
  status?: 'active' | 'disabled';
  onDemandOverflow?: string[];
  parentProjectId?: string | null;
}

/** A package whose row differs from what its journal adds up to. */
export interface JournalMismatch {
  projectId: string;
  resourceId: string;
  amount: bigint;
  usage: bigint;
  journalAmount: bigint;
  journalUsage: bigint;
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
  listProjects(limit: number, afterProjectId?: string): Promise<ProjectRow[]>;
  listPackages(query: PackageListQuery): Promise<{ total: number; packages: PackageRow[] }>;
  getUsageRecord(projectId: string, recordId: string): Promise<UsageRecordRow | undefined>;
  /** Newest first. */
  listUsageRecords(query: UsageRecordQuery): Promise<UsageRecordRow[]>;
  /** Every package whose amount or usage differs from the sum of its journal. */
  checkJournal(): Promise<JournalMismatch[]>;
  /** Packages with usage above amount (must always be none). */
  countOverdrawn(): Promise<number>;
}

/** Writes happen only inside a transaction; each method is scoped to one project. */
export interface LedgerTx extends LedgerReader {
  insertProject(row: ProjectRow): Promise<void>;
  insertCredential(row: CredentialRow): Promise<void>;
  insertPackage(row: PackageRow): Promise<void>;
  appendJournal(entry: JournalEntryInput): Promise<void>;
  appendAudit(entry: AuditInput): Promise<void>;
  updateProject(projectId: string, changes: ProjectChanges): Promise<void>;
  setCredentialStatus(accessKey: string, status: CredentialRow['status']): Promise<boolean>;
  /** The packages a consumption may draw from, locked against concurrent writers where the backend needs it. */
  listDrawablePackages(query: DrawableQuery): Promise<PackageRow[]>;
  updatePackage(projectId: string, resourceId: string, changes: PackageChanges): Promise<void>;
  insertUsageRecord(row: UsageRecordRow): Promise<void>;
  markUsageRecordReversed(projectId: string, recordId: string, at: Date): Promise<void>;
  /** Runs fn so that its writes are undone alone if it throws (one record of a batch). */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
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
