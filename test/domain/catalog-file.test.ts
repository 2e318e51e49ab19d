// The operator's catalog file: what it accepts and how it explains what it refuses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../src/domain/catalog-file.js';
import { createCatalog } from '../../src/domain/catalog.js';
import { LedgerError } from '../../src/domain/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function writeCatalog(content: unknown): string {
  const path = join(dir, `catalog-${++counter}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function refusal(path: string): LedgerError {
  try {
    loadCatalogFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerError);
    const e = err as LedgerError;
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(path);
    return e;
  }
  throw new Error(`expected ${path} to be refused`);
}

const minutes = { name: 'acme.video.minutes', unit: 'MIN', business_type: 'VIDEO_2D', kind: 'consumable' };

describe('loadCatalogFile accepts', () => {
  it('a full entry and converts it to the internal shape', () => {
    const path = writeCatalog({
      resource_types: [
        {
          name: 'acme.starter',
          unit: 'NUM',
          business_type: 'FLEXUS_2D',
          kind: 'consumable',
          description: 'Starter pack',
          bundle: [
            { sub_resource_type: 'video_time_flexus_2d_model', unit: 'MIN', quantity_per_unit: '60.50' },
            { sub_resource_type: 'voice_clone_flexus', unit: 'NUM', quantity_per_unit: 2 },
          ],
        },
        { name: 'acme.channels', unit: 'CHANNEL', business_type: 'CHAT_2D', kind: 'capacity' },
      ],
    });
    expect(loadCatalogFile(path)).toEqual([
      {
        name: 'acme.starter',
        unit: 'NUM',
        businessType: 'FLEXUS_2D',
        kind: 'consumable',
        description: 'Starter pack',
        bundle: [
          { subResourceType: 'video_time_flexus_2d_model', unit: 'MIN', quantityPerUnit: '60.5' },
          { subResourceType: 'voice_clone_flexus', unit: 'NUM', quantityPerUnit: '2' },
        ],
      },
      { name: 'acme.channels', unit: 'CHANNEL', businessType: 'CHAT_2D', kind: 'capacity' },
    ]);
  });

  it('an empty list, and a file starting with a byte-order mark', () => {
    expect(loadCatalogFile(writeCatalog({ resource_types: [] }))).toEqual([]);
    expect(loadCatalogFile(writeCatalog(`\uFEFF${JSON.stringify({ resource_types: [minutes] })}`))).toHaveLength(1);
  });

  it('entries that override defaults through createCatalog', () => {
    const path = writeCatalog({
      resource_types: [{ name: 'video_time_2d_model', unit: 'HOUR', business_type: 'VIDEO_2D', kind: 'consumable' }],
    });
    expect(createCatalog(loadCatalogFile(path)).resolve('video_time_2d_model').unit).toBe('HOUR');
  });
});

describe('loadCatalogFile refuses', () => {
  it('a file that cannot be read', () => {
    expect(refusal(join(dir, 'missing.json')).message).toContain('cannot be read (ENOENT)');
    expect(refusal(dir).message).toContain('cannot be read');
  });

  it('text that is not JSON', () => {
    expect(refusal(writeCatalog('{"resource_types": [')).message).toContain('not valid JSON');
    expect(refusal(writeCatalog('')).message).toContain('not valid JSON');
  });

  it('a top level that is not the expected object', () => {
    expect(refusal(writeCatalog([])).message).toContain('$: expected an object {"resource_types": [...]}, got an array');
    expect(refusal(writeCatalog({})).message).toContain('$.resource_types: required field is missing');
    expect(refusal(writeCatalog({ resource_types: {} })).message).toContain('$.resource_types: expected an array');
  });

  it.each([
    ['unit', { ...minutes, unit: 'MINUTES' }, '$.resource_types[0].unit: expected one of NUM, MIN, HOUR', '"MINUTES"'],
    ['business type', { ...minutes, business_type: 'VIDEO' }, '$.resource_types[0].business_type: expected one of VOICE_CLONE', '"VIDEO"'],
    ['kind', { ...minutes, kind: 'lease' }, '$.resource_types[0].kind: expected one of consumable, capacity', '"lease"'],
    ['name with a comma', { ...minutes, name: 'a,b' }, '$.resource_types[0].name: expected a non-empty name without commas', '"a,b"'],
    ['empty name', { ...minutes, name: '' }, '$.resource_types[0].name: expected a non-empty name', '""'],
    ['name of the wrong type', { ...minutes, name: 7 }, '$.resource_types[0].name: expected', 'got 7'],
    ['unknown field', { ...minutes, bussiness_type: 'VIDEO_2D' }, '$.resource_types[0].bussiness_type: unknown field (allowed: name, unit', ''],
    ['empty bundle', { ...minutes, bundle: [] }, '$.resource_types[0].bundle: expected a non-empty array', ''],
    [
      'bundle unit',
      { ...minutes, bundle: [{ sub_resource_type: 's', unit: 'min', quantity_per_unit: '1' }] },
      '$.resource_types[0].bundle[0].unit: expected one of',
      '"min"',
    ],
    [
      'bundle quantity of the wrong type',
      { ...minutes, bundle: [{ sub_resource_type: 's', unit: 'MIN', quantity_per_unit: true }] },
      '$.resource_types[0].bundle[0].quantity_per_unit: expected a decimal number',
      'got true',
    ],
  ])('a bad %s', (_what, entry, expected, got) => {
    const message = refusal(writeCatalog({ resource_types: [minutes, entry] })).message.replaceAll('[1]', '[0]');
    expect(message).toContain(expected);
    expect(message).toContain(got);
  });

  it.each(['name', 'unit', 'business_type', 'kind'])('an entry without %s', (field) => {
    const entry: Record<string, unknown> = { ...minutes };
    delete entry[field];
    const message = refusal(writeCatalog({ resource_types: [entry] })).message;
    expect(message).toContain(`$.resource_types[0].${field}: required field is missing (expected `);
  });

  it('a bundle part without its quantity', () => {
    const entry = { ...minutes, bundle: [{ sub_resource_type: 's', unit: 'MIN' }] };
    expect(refusal(writeCatalog({ resource_types: [entry] })).message).toContain(
      '$.resource_types[0].bundle[0].quantity_per_unit: required field is missing',
    );
  });

  it.each([
    ['0', 'greater than 0'],
    ['-1', 'negative'],
    ['0.0000001', '6 decimal places'],
    ['1e2', 'exponent'],
    ['lots', 'decimal number'],
  ])('a bundle quantity of %j', (quantity, reason) => {
    const entry = { ...minutes, bundle: [{ sub_resource_type: 's', unit: 'MIN', quantity_per_unit: quantity }] };
    const message = refusal(writeCatalog({ resource_types: [entry] })).message;
    expect(message).toContain('$.resource_types[0].bundle[0].quantity_per_unit');
    expect(message).toContain(reason);
  });

  it('the same name and business type twice', () => {
    const path = writeCatalog({ resource_types: [minutes, { ...minutes, business_type: 'PICTURE_2D' }, { ...minutes, unit: 'HOUR' }] });
    expect(refusal(path).message).toContain('$.resource_types[2]: duplicate of $.resource_types[0]');
  });

  it('the same sub-resource twice in one bundle', () => {
    const part = { sub_resource_type: 's', unit: 'MIN', quantity_per_unit: '1' };
    const path = writeCatalog({ resource_types: [{ ...minutes, bundle: [part, part] }] });
    expect(refusal(path).message).toContain('$.resource_types[0].bundle[1].sub_resource_type: s appears twice');
  });

  it('reports several problems at once, but a bounded number', () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ ...minutes, name: `t${i}`, unit: 'BAD' }));
    const message = refusal(writeCatalog({ resource_types: entries })).message;
    expect(message).toContain('$.resource_types[0].unit');
    expect(message).toContain('$.resource_types[4].unit');
    expect(message).not.toContain('$.resource_types[5].unit');
  });

  it('names keys that are not identifiers in bracket form', () => {
    const message = refusal(writeCatalog({ resource_types: [{ ...minutes, 'a b/c': 1 }] })).message;
    expect(message).toContain('$.resource_types[0]["a b/c"]: unknown field');
  });
});
