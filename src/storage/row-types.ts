// Row, change and query shapes the storage backends read and write.

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

export type JournalKind =
  | 'granted' | 'consumed' | 'reversed' | 'adjusted' | 'frozen' | 'unfrozen' | 'expired' | 'allocated' | 'reclaimed';

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
  /** null clears the bound asset (id and name together). */
  boundAsset?: { assetId: string; assetName: string } | null;
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
  /**
   * Where the store has one: an object shared by every row with these seven describing columns, for whoever keeps
   * something per description (the wire text of the row) to find it by identity instead of by the seven texts.
   */
  description?: object;
}

export interface UsageSumQuery {
  projectId: string;
  now: Date;
  /** Empty means no filter. */
  resourceTypes: string[];
  businessTypes: string[];
  /** performance.now() once the request asking had arrived; lets a store keeping reads in memory check once per request. */
  arrivedAt?: number;
}

/** Filters of the tenant resource list; an empty list means no filter on that field. */
export interface PackageSearchQuery {
  projectId: string;
  resourceSources: string[];
  resourceTypes: string[];
  businessTypes: string[];
  resourceIds: string[];
  orderIds: string[];
  chargingModes: string[];
  subResourceTypes: string[];
  status?: 0 | 1;
  /** Inclusive bounds on the expiry time; packages that never expire fall outside any window. */
  expiresFrom?: Date;
  expiresTo?: Date;
  limit: number;
  offset: number;
}

export interface ExpiringCountQuery {
  projectId: string;
  businessTypes: string[];
  /** Inclusive bounds on the expiry time. */
  expiresFrom?: Date;
  expiresTo?: Date;
}

export interface ExpiringCountRow {
  businessType: string;
  chargingMode: string;
  resourceSource: string;
  count: number;
}

/** A part of a service provider's package moved into an SP_ALLOCATED package of one of its customers. */
export interface AllocationRow {
  /** The service provider, owner of the source package. */
  projectId: string;
  allocationId: string;
  sourceResourceId: string;
  customerProjectId: string;
  customerResourceId: string;
  /** What was moved at allocation time. */
  allocatedAmount: bigint;
  /** What reclaims have given back since. */
  reclaimedAmount: bigint;
  status: 'active' | 'reclaimed';
  createdAt: Date;
  reclaimedAt: Date | null;
  actor: string;
  requestId: string | null;
}

/** An allocation with the customer's package as it stands now. */
export interface AllocationView extends AllocationRow {
  customerPackage: PackageRow;
}

export interface AllocationListQuery {
  /** Allocations made by this service provider... */
  projectId?: string;
  /** ...and/or received by this customer. */
  customerProjectId?: string;
  limit: number;
  offset: number;
}

export interface MigrationStatus {
  applied: number[];
  pending: number[];
}

/** A user who signs in with a password for a token (IAM style); the user belongs to one project and a domain. */
export interface UserRow {
  projectId: string;
  userId: string;
  name: string;
  domainId: string;
  domainName: string;
  role: 'tenant' | 'admin';
  /** scrypt parameters, salt and digest in one string (see auth/password-hash). */
  passwordHash: string;
  /** Embedded in every token; bumped by a password change or a disable, so older tokens stop working. */
  tokenGeneration: number;
  status: 'active' | 'disabled';
  createdAt: Date;
  updatedAt: Date;
}

export interface UserChanges {
  status?: UserRow['status'];
  passwordHash?: string;
  tokenGeneration: number;
  updatedAt: Date;
}

/** Sign-in looks a user up by name within a domain given by id or name; the CLI by project and name. */
export interface UserLookup {
  name: string;
  /** The one user of that name in this project (the CLI names users by project and name). */
  projectId?: string;
  domainId?: string;
  domainName?: string;
}

export interface AuditEntry extends AuditInput {
  auditId: number;
}

export interface AuditQuery {
  /** All projects when absent. */
  projectId?: string;
  limit: number;
  /** Pagination marker: entries older than this id. */
  beforeAuditId?: number;
}
