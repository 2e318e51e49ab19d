// Reads and strictly validates the operator's catalog file (env LEDGER_CATALOG); any problem stops the start.
//
// Format (snake_case, since operators write it by hand):
//   {
//     "resource_types": [
//       { "name": "my.avatar.minutes",       // no commas or whitespace: names travel in comma-separated queries
//         "unit": "MIN",                     // one of the MetaStudio units
//         "business_type": "VIDEO_2D",       // one of the MetaStudio business types
//         "kind": "consumable",              // "consumable" (used up) or "capacity" (held and given back)
//         "description": "optional text",
//         "bundle": [                        // optional: sub-resource packages created per unit granted
//           { "sub_resource_type": "video_time_flexus_2d_model", "unit": "MIN", "quantity_per_unit": "120" } ] } ] }
// An entry with the same name and business_type as a default replaces it; others are added.
// quantity_per_unit is a decimal string or number (> 0, at most 6 decimal places).
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import type { ValueError } from '@sinclair/typebox/value';
import type { BundlePart, ResourceTypeDef } from './catalog.js';
import { businessTypes, resourceKinds, units } from './enums.js';
import { LedgerError } from './errors.js';
import { formatQuantity, parseQuantity } from './quantity.js';

// `expected` is our own schema annotation: the wording an operator needs, which TypeBox's
// generic messages ("Expected union value") do not give.
const oneOf = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)), { expected: `one of ${values.join(', ')}` });
const identifier = (what: string) =>
  Type.String({ minLength: 1, maxLength: 128, pattern: '^[^,\\s]+$', expected: `a non-empty ${what} without commas or whitespace, at most 128 characters` });

const BundlePartSchema = Type.Object(
  {
    sub_resource_type: identifier('sub_resource_type'),
    unit: oneOf(units),
    quantity_per_unit: Type.Union([Type.String(), Type.Number()], { expected: 'a decimal number such as 120 or "0.5"' }),
  },
  { additionalProperties: false },
);

const ResourceTypeSchema = Type.Object(
  {
    name: identifier('name'),
    unit: oneOf(units),
    business_type: oneOf(businessTypes),
    kind: oneOf(resourceKinds),
    description: Type.Optional(Type.String({ expected: 'a string' })),
    bundle: Type.Optional(Type.Array(BundlePartSchema, { minItems: 1, expected: 'a non-empty array of bundle parts' })),
  },
  { additionalProperties: false },
);

const CatalogFileSchema = Type.Object(
  { resource_types: Type.Array(ResourceTypeSchema, { expected: 'an array of resource types' }) },
  { additionalProperties: false, expected: 'an object {"resource_types": [...]}' },
);
type CatalogFile = Static<typeof CatalogFileSchema>;

const MAX_REPORTED = 5;

/** Loads the operator's resource types; throws CONFIG_INVALID naming the file, the JSON path and what was expected. */
export function loadCatalogFile(path: string): ResourceTypeDef[] {
  const fail = (problem: string): LedgerError =>
    new LedgerError('CONFIG_INVALID', `catalog file ${path}: ${problem}`, { path });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw fail(`cannot be read (${e.code ?? e.message})`);
  }
  let data: unknown;
  try {
    // Editors on Windows like to prepend a byte-order mark, which JSON.parse rejects.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw fail(`is not valid JSON (${(err as Error).message})`);
  }
  if (!Value.Check(CatalogFileSchema, data)) throw fail(describeSchemaErrors(data));
  const problems = findSemanticProblems(data);
  if (problems.length > 0) throw fail(problems.slice(0, MAX_REPORTED).join('; '));
  return data.resource_types.map(toResourceTypeDef);
}

function describeSchemaErrors(data: unknown): string {
  const byPath = new Map<string, string>();
  for (const error of Value.Errors(CatalogFileSchema, data)) {
    if (byPath.size >= MAX_REPORTED) break;
    // One message per location: a missing field also fails its own type check.
    if (!byPath.has(error.path)) byPath.set(error.path, describeError(error));
  }
  return [...byPath.entries()].map(([pointer, message]) => `${toJsonPath(pointer)}: ${message}`).join('; ');
}

function describeError(error: ValueError): string {
  const expected = (error.schema as TSchema & { expected?: string }).expected;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `required field is missing${expected ? ` (expected ${expected})` : ''}`;
    case ValueErrorType.ObjectAdditionalProperties:
      return `unknown field (allowed: ${Object.keys(error.schema['properties'] ?? {}).join(', ')})`;
    default:
      return `expected ${expected ?? error.message.replace(/^Expected /, '').toLowerCase()}${gotValue(error.value)}`;
  }
}

function gotValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return `, got ${JSON.stringify(value)}`;
  return `, got ${Array.isArray(value) ? 'an array' : typeof value}`;
}

/** JSON pointer ("/resource_types/0/unit") to the JSON path operators read ("$.resource_types[0].unit"). */
function toJsonPath(pointer: string): string {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce((path, s) => {
    if (/^\d+$/.test(s)) return `${path}[${s}]`;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `${path}.${s}` : `${path}[${JSON.stringify(s)}]`;
  }, '$');
}

/** What the schema cannot say: uniqueness and exact quantities. */
function findSemanticProblems(file: CatalogFile): string[] {
  const problems: string[] = [];
  const firstSeen = new Map<string, number>();
  file.resource_types.forEach((entry, i) => {
    const at = `$.resource_types[${i}]`;
    const key = `${entry.name}\u0000${entry.business_type}`;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) {
      problems.push(`${at}: duplicate of $.resource_types[${earlier}] (expected each name and business_type pair once)`);
    } else {
      firstSeen.set(key, i);
    }
    const parts = new Set<string>();
    (entry.bundle ?? []).forEach((part, j) => {
      const partAt = `${at}.bundle[${j}]`;
      if (parts.has(part.sub_resource_type)) {
        problems.push(`${partAt}.sub_resource_type: ${part.sub_resource_type} appears twice (expected each sub-resource once)`);
      }
      parts.add(part.sub_resource_type);
      try {
        parseQuantity(part.quantity_per_unit, `${partAt}.quantity_per_unit`, { allowZero: false });
      } catch (err) {
        problems.push((err as Error).message);
      }
    });
  });
  return problems;
}

function toResourceTypeDef(entry: CatalogFile['resource_types'][number]): ResourceTypeDef {
  const bundle = entry.bundle?.map(
    (part): BundlePart => ({
      subResourceType: part.sub_resource_type,
      unit: part.unit,
      // Already validated; canonical text so "120.0" and 120 read the same everywhere.
      quantityPerUnit: formatQuantity(parseQuantity(part.quantity_per_unit, 'quantity_per_unit')),
    }),
  );
  return {
    name: entry.name,
    unit: entry.unit,
    businessType: entry.business_type,
    kind: entry.kind,
    ...(entry.description !== undefined && { description: entry.description }),
    ...(bundle !== undefined && { bundle }),
  };
}
