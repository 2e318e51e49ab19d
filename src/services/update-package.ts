// Verb: freeze or unfreeze a package, change its expiry, adjust its amount with a reason, or bind it to an asset.
import { LedgerError, invalidParameter } from '../domain/errors.js';
import { formatQuantity, parseQuantity } from '../domain/quantity.js';
import { formatTimestamp, parseTimestamp } from '../domain/timestamp.js';
import type { JournalKind, PackageChanges, PackageRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface UpdatePackageInput {
  projectId: string;
  resourceId: string;
  status?: unknown;
  expireTime?: unknown;
  amount?: unknown;
  reason?: unknown;
  /** {asset_id, asset_name} once a modeling package has trained an asset; null unbinds. */
  boundAsset?: unknown;
}

export async function updatePackage(ctx: ServiceContext, input: UpdatePackageInput): Promise<PackageRow> {
  authorizeAdmin(ctx.actor);
  const wanted = parseChanges(input);
  return ctx.store.transaction(async (tx) => {
    const pkg = await tx.getPackage(input.projectId, input.resourceId);
    if (!pkg) throw new LedgerError('NOT_FOUND', `package ${input.resourceId} does not exist in project ${input.projectId}`);
    // Checked inside the transaction: usage may have grown since the request was sent.
    if (wanted.amount !== undefined && wanted.amount < pkg.usage) {
      throw new LedgerError('CONFLICT', `amount cannot drop below the ${formatQuantity(pkg.usage)} already used`);
    }
    const now = ctx.clock();
    const changes: PackageChanges = { ...wanted, updatedAt: now };
    await tx.updatePackage(pkg.projectId, pkg.resourceId, changes);
    const { boundAsset, ...rest } = wanted;
    const after: PackageRow = { ...pkg, ...rest, updatedAt: now };
    if (boundAsset !== undefined) {
      after.boundAssetId = boundAsset?.assetId ?? null;
      after.boundAssetName = boundAsset?.assetName ?? null;
    }
    for (const kind of journalKinds(pkg, wanted)) {
      await tx.appendJournal({
        projectId: pkg.projectId, resourceId: pkg.resourceId, kind,
        amountDelta: kind === 'adjusted' ? after.amount - pkg.amount : 0n, usageDelta: 0n,
        amountAfter: after.amount, usageAfter: after.usage, recordId: null, actor: actorLabel(ctx.actor),
        requestId: ctx.requestId, createdAt: now,
      });
    }
    await tx.appendAudit({
      projectId: pkg.projectId, action: 'package.update', targetId: pkg.resourceId, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress, createdAt: now,
      detail: {
        status: wanted.status, amount: wanted.amount?.toString(), reason: input.reason ?? null,
        expire_time: wanted.expiresAt === undefined ? undefined : wanted.expiresAt && formatTimestamp(wanted.expiresAt),
        bound_asset: boundAsset === undefined ? undefined : boundAsset && { asset_id: boundAsset.assetId, asset_name: boundAsset.assetName },
      },
    });
    return after;
  });
}

type Wanted = Omit<PackageChanges, 'updatedAt' | 'usage'>;

function parseChanges(input: UpdatePackageInput): Wanted {
  const wanted: Wanted = {};
  if (input.status !== undefined) {
    if (input.status !== 0 && input.status !== 1) throw invalidParameter('status: must be 0 (normal) or 1 (frozen)');
    wanted.status = input.status;
  }
  if (input.expireTime !== undefined) {
    if (input.expireTime !== null && typeof input.expireTime !== 'string') throw invalidParameter('expire_time: must be an RFC 3339 string or null');
    wanted.expiresAt = input.expireTime === null ? null : parseTimestamp(input.expireTime, 'expire_time');
  }
  if (input.amount !== undefined) {
    if (typeof input.reason !== 'string' || input.reason.trim() === '') throw invalidParameter('reason: required when adjusting the amount');
    wanted.amount = parseQuantity(input.amount, 'amount');
  }
  if (input.boundAsset !== undefined) wanted.boundAsset = parseBoundAsset(input.boundAsset);
  if (Object.keys(wanted).length === 0) throw invalidParameter('nothing to change: give status, expire_time, amount or bound_asset');
  return wanted;
}

function journalKinds(before: PackageRow, wanted: Wanted): JournalKind[] {
  const kinds: JournalKind[] = [];
  if (wanted.status !== undefined && wanted.status !== before.status) kinds.push(wanted.status === 1 ? 'frozen' : 'unfrozen');
  if (wanted.amount !== undefined || wanted.expiresAt !== undefined) kinds.push('adjusted');
  return kinds;
}

function parseBoundAsset(value: unknown): Wanted['boundAsset'] {
  if (value === null) return null;
  const v = value as { asset_id?: unknown; asset_name?: unknown } | undefined;
  if (typeof v !== 'object' || typeof v.asset_id !== 'string' || v.asset_id === '' || v.asset_id.length > 128) {
    throw invalidParameter('bound_asset: must be {asset_id, asset_name} with a 1-128 character asset_id, or null');
  }
  if (v.asset_name !== undefined && (typeof v.asset_name !== 'string' || v.asset_name.length > 255)) {
    throw invalidParameter('bound_asset.asset_name: must be at most 255 characters');
  }
  return { assetId: v.asset_id, assetName: (v.asset_name as string | undefined) ?? '' };
}
