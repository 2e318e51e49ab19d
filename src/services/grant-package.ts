// Verb: grant a resource package (and, for a bundle type, its sub-resource packages) to a project.
import crypto from 'node:crypto';
import type { ResourceTypeDef } from '../domain/catalog.js';
import { isChargingMode, isResourceSource, isUnit } from '../domain/enums.js';
import { LedgerError, invalidParameter } from '../domain/errors.js';
import { MAX_PACKAGE_AMOUNT, parseQuantity } from '../domain/quantity.js';
import { addMonths, parseTimestamp } from '../domain/timestamp.js';
import type { PackageRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface GrantPackageInput {
  projectId: string;
  resourceType: string;
  amount: unknown;
  usage?: unknown;
  businessType?: string;
  chargingMode?: string;
  source?: string;
  unit?: string;
  subResourceType?: string;
  effectiveAt?: string;
  expiresAt?: string;
  orderId?: string;
}

/** The granted package first, then the sub-resource packages a bundle creates. */
export async function grantPackage(ctx: ServiceContext, input: GrantPackageInput): Promise<PackageRow[]> {
  authorizeAdmin(ctx.actor);
  const now = ctx.clock();
  const rows = planGrant(ctx, input, now);
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.getProject(input.projectId))) {
      throw new LedgerError('NOT_FOUND', `project ${input.projectId} does not exist`);
    }
    for (const row of rows) {
      await tx.insertPackage(row);
      await tx.appendJournal({
        projectId: row.projectId, resourceId: row.resourceId, kind: 'granted', amountDelta: row.amount,
        usageDelta: row.usage, amountAfter: row.amount, usageAfter: row.usage, recordId: null,
        actor: actorLabel(ctx.actor), requestId: ctx.requestId, createdAt: now,
      });
    }
    await tx.appendAudit({
      projectId: input.projectId, action: 'package.grant', targetId: rows[0]!.resourceId, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress,
      detail: { resource_type: input.resourceType, packages: rows.map((r) => r.resourceId) }, createdAt: now,
    });
    return rows;
  });
}

function planGrant(ctx: ServiceContext, input: GrantPackageInput, now: Date): PackageRow[] {
  const def = ctx.catalog.resolve(input.resourceType, input.businessType);
  const chargingMode = input.chargingMode ?? 'ONE_TIME';
  if (!isChargingMode(chargingMode)) throw invalidParameter(`charging_mode: unknown charging mode '${chargingMode}'`);
  const source = input.source ?? 'PURCHASED';
  if (!isResourceSource(source)) throw invalidParameter(`resource_source: unknown source '${source}'`);
  const amount = parseQuantity(input.amount, 'amount');
  const usage = input.usage === undefined ? 0n : parseQuantity(input.usage, 'usage');
  if (usage > amount) throw invalidParameter('usage: cannot exceed amount');
  const { effectiveAt, expiresAt } = validity(input, chargingMode, now);
  const base = {
    projectId: input.projectId, orderId: input.orderId ?? null, resourceType: def.name, businessType: def.businessType,
    chargingMode, resourceSource: source, status: 0 as const, effectiveAt, expiresAt,
    boundAssetId: null, boundAssetName: null, createdAt: now, updatedAt: now,
  };
  if (input.subResourceType !== undefined) {
    const part = subResourcePart(def, input.subResourceType);
    checkUnit(input.unit, part.unit);
    return [{ ...base, resourceId: newResourceId(), subResourceType: part.subResourceType, isSubResource: true,
      parentResourceId: null, unit: part.unit, amount, usage }];
  }
  checkUnit(input.unit, def.unit);
  const parent: PackageRow = { ...base, resourceId: newResourceId(), subResourceType: null, isSubResource: false,
    parentResourceId: null, unit: def.unit, amount, usage };
  const parts = (def.bundle ?? []).map((part): PackageRow => ({
    ...base, resourceId: newResourceId(), subResourceType: part.subResourceType, isSubResource: true,
    parentResourceId: parent.resourceId, unit: part.unit, usage: 0n,
    amount: scaleAmount(amount, part.quantityPerUnit, part.subResourceType),
  }));
  return [parent, ...parts];
}

function validity(input: GrantPackageInput, chargingMode: string, now: Date) {
  const effectiveAt = input.effectiveAt ? parseTimestamp(input.effectiveAt, 'effective_time') : now;
  // One-off products are valid for a year after activation, yearly/monthly ones to the end of their period.
  const defaultExpiry = chargingMode === 'ONE_TIME' ? addMonths(effectiveAt, 12)
    : chargingMode === 'PERIODIC' ? addMonths(effectiveAt, 1) : null;
  const expiresAt = input.expiresAt ? parseTimestamp(input.expiresAt, 'expire_time') : defaultExpiry;
  if (expiresAt && expiresAt <= effectiveAt) throw invalidParameter('expire_time: must be after the effective time');
  return { effectiveAt, expiresAt };
}

function subResourcePart(def: ResourceTypeDef, subResourceType: string) {
  const part = def.bundle?.find((p) => p.subResourceType === subResourceType);
  if (!part) {
    throw invalidParameter(`sub_resource_type: '${subResourceType}' is not a sub-resource of ${def.name}`);
  }
  return part;
}

function checkUnit(given: string | undefined, expected: string): void {
  if (given === undefined) return;
  if (!isUnit(given)) throw invalidParameter(`unit: unknown unit '${given}'`);
  if (given !== expected) throw invalidParameter(`unit: this resource type is counted in ${expected}, not ${given}`);
}

function scaleAmount(amount: bigint, perUnit: string, subResourceType: string): bigint {
  const scaled = (amount * parseQuantity(perUnit, 'quantity_per_unit')) / 1_000_000n;
  if (scaled > MAX_PACKAGE_AMOUNT) {
    throw invalidParameter(`amount: the ${subResourceType} part would exceed 1000000 per package`);
  }
  return scaled;
}

function newResourceId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
