// The catalog of resource types a deployment knows: MetaStudio's defaults plus the operator's own.
import { defaultResourceTypes } from './default-catalog.js';
import { isBusinessType, isResourceKind, isUnit } from './enums.js';
import type { BusinessType, ResourceKind, Unit } from './enums.js';
import { LedgerError } from './errors.js';
import { formatQuantity, parseQuantity } from './quantity.js';

/** A sub-resource package created alongside each unit of a bundle type (e.g. MetaStudio's Flexus package). */
export interface BundlePart {
  readonly subResourceType: string;
  readonly unit: Unit;
  /** Decimal text, in canonical form once in a catalog. */
  readonly quantityPerUnit: string;
}

/** Entries handed out by a catalog are frozen, hence readonly. */
export interface ResourceTypeDef {
  readonly name: string;
  readonly unit: Unit;
  readonly businessType: BusinessType;
  readonly kind: ResourceKind;
  readonly description?: string;
  readonly bundle?: readonly BundlePart[];
}

/**
 * Resource types are keyed by name AND business type: MetaStudio reuses one name for several
 * parts of a package (enterpriselivepackage), told apart only by business_type.
 */
export interface Catalog {
  /** Every entry, defaults first in their published order, then operator additions. */
  resourceTypes(): ResourceTypeDef[];
  has(name: string): boolean;
  /** All business-type variants of a name; empty when the name is unknown. */
  entriesFor(name: string): ResourceTypeDef[];
  /**
   * The one entry for a name (and business type, required only when the name has several).
   * Throws INVALID_PARAMETER naming the bad value.
   */
  resolve(name: string, businessType?: string): ResourceTypeDef;
  /** Whether the value is one of MetaStudio's business types (the catalog only admits those). */
  isKnownBusinessType(businessType: string): boolean;
}

/** Defaults plus overrides: an override with the same name and business type replaces the default, others are added. */
export function createCatalog(overrides: readonly ResourceTypeDef[] = []): Catalog {
  const byName = new Map<string, ResourceTypeDef[]>();
  const order: ResourceTypeDef[] = [];
  const put = (def: ResourceTypeDef): void => {
    const variants = byName.get(def.name) ?? [];
    const index = variants.findIndex((v) => v.businessType === def.businessType);
    if (index < 0) {
      variants.push(def);
      byName.set(def.name, variants);
      order.push(def);
      return;
    }
    const replaced = variants[index] as ResourceTypeDef;
    variants[index] = def;
    order[order.indexOf(replaced)] = def;
  };
  for (const def of defaultResourceTypes) put(normalise(def));
  rejectDuplicates(overrides);
  for (const def of overrides) put(normalise(def));

  return {
    resourceTypes: () => [...order],
    has: (name) => byName.has(name),
    entriesFor: (name) => [...(byName.get(name) ?? [])],
    resolve: (name, businessType) => resolveIn(byName, name, businessType),
    isKnownBusinessType: (businessType) => isBusinessType(businessType),
  };
}

function resolveIn(
  byName: ReadonlyMap<string, ResourceTypeDef[]>,
  name: string,
  businessType: string | undefined,
): ResourceTypeDef {
  const variants = byName.get(name);
  if (!variants) throw invalid(`unknown resource_type ${JSON.stringify(name)}`, 'resource_type');
  const allowed = variants.map((v) => v.businessType).join(', ');
  if (businessType === undefined) {
    if (variants.length === 1) return variants[0] as ResourceTypeDef;
    throw invalid(
      `resource_type ${JSON.stringify(name)} has several business types; business_type is required (one of: ${allowed})`,
      'business_type',
    );
  }
  if (!isBusinessType(businessType)) {
    throw invalid(`unknown business_type ${JSON.stringify(businessType)}`, 'business_type');
  }
  const match = variants.find((v) => v.businessType === businessType);
  if (!match) {
    throw invalid(
      `business_type ${JSON.stringify(businessType)} is not valid for resource_type ${JSON.stringify(name)} (expected one of: ${allowed})`,
      'business_type',
    );
  }
  return match;
}

function invalid(message: string, field: string): LedgerError {
  return new LedgerError('INVALID_PARAMETER', message, { field });
}

function configInvalid(def: ResourceTypeDef, problem: string): LedgerError {
  return new LedgerError('CONFIG_INVALID', `resource type ${def.name} (${def.businessType}): ${problem}`);
}

function rejectDuplicates(defs: readonly ResourceTypeDef[]): void {
  const seen = new Set<string>();
  for (const def of defs) {
    const key = `${def.name}\u0000${def.businessType}`;
    if (seen.has(key)) throw configInvalid(def, 'defined twice');
    seen.add(key);
  }
}

/**
 * Checks what the type system cannot guarantee for entries built at run time, and freezes a
 * copy so no caller can change the catalog under another.
 */
function normalise(def: ResourceTypeDef): ResourceTypeDef {
  if (!def.name) throw configInvalid(def, 'name must not be empty');
  if (!isUnit(def.unit)) throw configInvalid(def, `unknown unit ${JSON.stringify(def.unit)}`);
  if (!isBusinessType(def.businessType)) throw configInvalid(def, 'unknown business type');
  if (!isResourceKind(def.kind)) throw configInvalid(def, `unknown kind ${JSON.stringify(def.kind)}`);
  return Object.freeze({
    name: def.name,
    unit: def.unit,
    businessType: def.businessType,
    kind: def.kind,
    ...(def.description !== undefined && { description: def.description }),
    ...(def.bundle !== undefined && { bundle: normaliseBundle(def) }),
  });
}

function normaliseBundle(def: ResourceTypeDef): readonly BundlePart[] {
  const parts = def.bundle ?? [];
  if (parts.length === 0) throw configInvalid(def, 'bundle must not be empty');
  const seen = new Set<string>();
  const out = parts.map((part) => {
    if (!part.subResourceType) throw configInvalid(def, 'bundle sub-resource type must not be empty');
    if (seen.has(part.subResourceType)) throw configInvalid(def, `bundle lists ${part.subResourceType} twice`);
    seen.add(part.subResourceType);
    if (!isUnit(part.unit)) throw configInvalid(def, `unknown unit ${JSON.stringify(part.unit)} in bundle`);
    let micros: bigint;
    try {
      micros = parseQuantity(part.quantityPerUnit, 'quantity per unit', { allowZero: false });
    } catch (err) {
      throw configInvalid(def, `bundle ${part.subResourceType}: ${(err as Error).message}`);
    }
    return Object.freeze({ subResourceType: part.subResourceType, unit: part.unit, quantityPerUnit: formatQuantity(micros) });
  });
  return Object.freeze(out);
}
