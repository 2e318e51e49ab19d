// Catalog lookups by name and business type, defaults and operator overrides.
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/domain/catalog.js';
import type { ResourceTypeDef } from '../../src/domain/catalog.js';
import { defaultResourceTypes } from '../../src/domain/default-catalog.js';
import { LedgerError } from '../../src/domain/errors.js';

const SPEC = 'hws.resource.type.metastudio.';
const ENTERPRISE = `${SPEC}modeling.enterpriselivepackage`;
const FLEXUS = `${SPEC}modeling.flexus.avatar.number`;

function thrown(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerError);
    return err as LedgerError;
  }
  throw new Error('expected a LedgerError');
}

describe('default catalog', () => {
  const catalog = createCatalog();

  it.each([
    ['modeling_count_2d_model', 'NUM', 'MODELING_2D'],
    ['video_time_2d_model', 'MIN', 'VIDEO_2D'],
    ['voice_clone_basic', 'NUM', 'VOICE_CLONE'],
    ['voice_clone_middle', 'NUM', 'VOICE_CLONE'],
    ['voice_clone_advance', 'NUM', 'VOICE_CLONE'],
    ['modeling_count_2d_model_flexus', 'NUM', 'FLEXUS_2D'],
    ['video_time_flexus_2d_model', 'MIN', 'FLEXUS_2D'],
    ['voice_clone_flexus', 'NUM', 'FLEXUS_2D'],
    [`${SPEC}avatarmodeling.number`, 'NUM', 'MODELING_2D'],
    [`${SPEC}modeling.voice.onebasic`, 'NUM', 'VOICE_CLONE'],
    [`${SPEC}modeling.voice.onemiddle`, 'NUM', 'VOICE_CLONE'],
    [`${SPEC}modeling.voice.advance`, 'NUM', 'VOICE_CLONE'],
    [`${SPEC}modeling.avatarvideo.duration`, 'MIN', 'VIDEO_2D'],
    [`${SPEC}avatarmodeling.videopacket`, 'MIN', 'VIDEO_2D'],
    [FLEXUS, 'NUM', 'FLEXUS_2D'],
  ])('knows %s as %s / %s, consumable', (name, unit, businessType) => {
    expect(catalog.resolve(name)).toMatchObject({ name, unit, businessType, kind: 'consumable' });
  });

  it.each([
    `${SPEC}modeling.avatarlive.channel`,
    `${SPEC}modeling.Interaction.basic.channel`,
    `${SPEC}modeling.Interaction.pro.channel`,
  ])('holds %s as CHANNEL capacity', (name) => {
    expect(catalog.resolve(name)).toMatchObject({ unit: 'CHANNEL', kind: 'capacity' });
  });

  it('matches names exactly (MetaStudio capitalises Interaction)', () => {
    expect(catalog.has(`${SPEC}modeling.interaction.basic.channel`)).toBe(false);
  });

  it('splits the enterprise live package into three parts by business type', () => {
    expect(catalog.entriesFor(ENTERPRISE).map((e) => [e.businessType, e.unit, e.kind])).toEqual([
      ['MODELING_2D', 'NUM', 'consumable'],
      ['VOICE_CLONE', 'NUM', 'consumable'],
      ['LIVE_2D', 'CHANNEL', 'capacity'],
    ]);
    expect(catalog.resolve(ENTERPRISE, 'LIVE_2D').unit).toBe('CHANNEL');
    expect(catalog.resolve(ENTERPRISE, 'VOICE_CLONE').unit).toBe('NUM');
  });

  it('bundles 120 minutes, 1 modeling and 1 voice into a Flexus package', () => {
    expect(catalog.resolve(FLEXUS, 'FLEXUS_2D').bundle).toEqual([
      { subResourceType: 'video_time_flexus_2d_model', unit: 'MIN', quantityPerUnit: '120' },
      { subResourceType: 'modeling_count_2d_model_flexus', unit: 'NUM', quantityPerUnit: '1' },
      { subResourceType: 'voice_clone_flexus', unit: 'NUM', quantityPerUnit: '1' },
    ]);
  });

  it('has defaults for speech synthesis and asset storage', () => {
    expect(catalog.resourceTypes().some((t) => t.businessType === 'SYNTHETICS_SOUND' && t.unit === 'TEN_THOUSAND_WORDS')).toBe(true);
    expect(catalog.resolve('asset_storage')).toMatchObject({ unit: 'GB', businessType: 'ASSET_MANAGER', kind: 'capacity' });
  });

  it('lists every default once per name and business type', () => {
    const keys = catalog.resourceTypes().map((t) => `${t.name}|${t.businessType}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(defaultResourceTypes.length);
  });

  it('returns unknown names as absent, not as errors', () => {
    expect(catalog.has('video')).toBe(false);
    expect(catalog.entriesFor('video')).toEqual([]);
  });

  it('knows the MetaStudio business types only', () => {
    expect(catalog.isKnownBusinessType('TTSA_3D')).toBe(true);
    expect(catalog.isKnownBusinessType('VIDEO')).toBe(false);
  });
});

describe('resolve errors', () => {
  const catalog = createCatalog();

  it('names an unknown resource type', () => {
    const err = thrown(() => catalog.resolve('video'));
    expect(err.code).toBe('INVALID_PARAMETER');
    expect(err.message).toContain('"video"');
    expect(err.message).toContain('resource_type');
  });

  it('asks for a business type when the name is ambiguous', () => {
    const err = thrown(() => catalog.resolve(ENTERPRISE));
    expect(err.code).toBe('INVALID_PARAMETER');
    expect(err.message).toContain('business_type is required');
    expect(err.message).toContain('MODELING_2D, VOICE_CLONE, LIVE_2D');
  });

  it('names a business type that is not valid for the name', () => {
    const err = thrown(() => catalog.resolve(ENTERPRISE, 'VIDEO_2D'));
    expect(err.code).toBe('INVALID_PARAMETER');
    expect(err.message).toContain('"VIDEO_2D"');
    expect(err.message).toContain(ENTERPRISE);
  });

  it('names an unknown business type', () => {
    const err = thrown(() => catalog.resolve('video_time_2d_model', 'video_2d'));
    expect(err.message).toContain('unknown business_type "video_2d"');
  });

  it('checks a business type even for an unambiguous name', () => {
    expect(catalog.resolve('video_time_2d_model', 'VIDEO_2D').unit).toBe('MIN');
    expect(thrown(() => catalog.resolve('video_time_2d_model', 'LIVE_2D')).code).toBe('INVALID_PARAMETER');
  });
});

describe('overrides', () => {
  const custom: ResourceTypeDef = { name: 'tts.premium', unit: 'MILLION_WORDS', businessType: 'SYNTHETICS_SOUND', kind: 'consumable' };

  it('adds new types after the defaults', () => {
    const catalog = createCatalog([custom]);
    expect(catalog.resolve('tts.premium')).toEqual(custom);
    expect(catalog.resourceTypes().at(-1)).toEqual(custom);
    expect(catalog.resourceTypes()).toHaveLength(defaultResourceTypes.length + 1);
  });

  it('replaces a default with the same name and business type, in place', () => {
    const live: ResourceTypeDef = { name: ENTERPRISE, unit: 'HOUR', businessType: 'LIVE_2D', kind: 'consumable' };
    const catalog = createCatalog([live]);
    expect(catalog.resolve(ENTERPRISE, 'LIVE_2D')).toEqual(live);
    expect(catalog.entriesFor(ENTERPRISE)).toHaveLength(3);
    expect(catalog.resourceTypes()).toHaveLength(defaultResourceTypes.length);
    expect(createCatalog().resolve(ENTERPRISE, 'LIVE_2D').unit).toBe('CHANNEL'); // defaults untouched
  });

  it('adds a business-type variant to an existing name, making it ambiguous', () => {
    const catalog = createCatalog([{ name: 'video_time_2d_model', unit: 'MIN', businessType: 'PICTURE_2D', kind: 'consumable' }]);
    expect(catalog.entriesFor('video_time_2d_model')).toHaveLength(2);
    expect(thrown(() => catalog.resolve('video_time_2d_model')).message).toContain('business_type is required');
  });

  it('canonicalises bundle quantities and refuses bad ones', () => {
    const bundled = (quantityPerUnit: string): ResourceTypeDef => ({
      ...custom,
      bundle: [{ subResourceType: 'words', unit: 'MILLION_WORDS', quantityPerUnit }],
    });
    expect(createCatalog([bundled('2.50')]).resolve('tts.premium').bundle?.[0]?.quantityPerUnit).toBe('2.5');
    expect(thrown(() => createCatalog([bundled('0')])).code).toBe('CONFIG_INVALID');
    expect(thrown(() => createCatalog([bundled('1e3')])).code).toBe('CONFIG_INVALID');
  });

  it('refuses duplicate overrides and values outside the enumerations', () => {
    expect(thrown(() => createCatalog([custom, custom])).code).toBe('CONFIG_INVALID');
    const bad = { ...custom, unit: 'WORDS' } as unknown as ResourceTypeDef;
    expect(thrown(() => createCatalog([bad])).message).toContain('"WORDS"');
  });

  it('hands out entries nobody can change', () => {
    const catalog = createCatalog([custom]);
    const entry = catalog.resolve('tts.premium');
    expect(() => {
      (entry as { unit: string }).unit = 'GB';
    }).toThrow(TypeError);
    catalog.resourceTypes().pop();
    expect(catalog.resourceTypes()).toHaveLength(defaultResourceTypes.length + 1);
  });
});
