// The MetaStudio enumerations and their guards.
import { describe, expect, it } from 'vitest';
import {
  RESOURCE_STATUS_FROZEN,
  RESOURCE_STATUS_NORMAL,
  businessTypes,
  chargingModes,
  isBusinessType,
  isChargingMode,
  isResourceKind,
  isResourceSource,
  isResourceStatus,
  isSubResourceType,
  isUnit,
  resourceSources,
  subResourceTypes,
  units,
} from '../../src/domain/enums.js';

describe('enumerations', () => {
  it('list exactly the documented values', () => {
    expect(businessTypes).toHaveLength(13);
    expect(new Set(businessTypes).size).toBe(13);
    expect(chargingModes).toEqual(['PERIODIC', 'ONE_TIME', 'ON_DEMAND']);
    expect(resourceSources).toEqual(['PURCHASED', 'SP_ALLOCATED', 'ADMIN_ALLOCATED']);
    expect(units).toEqual(['NUM', 'MIN', 'HOUR', 'CHANNEL', 'GB', 'MILLION_WORDS', 'TEN_THOUSAND_WORDS', 'TIME']);
    expect([...subResourceTypes].sort()).toEqual([
      'modeling_count_2d_model_flexus',
      'video_time_flexus_2d_model',
      'voice_clone_flexus',
    ]);
    expect([RESOURCE_STATUS_NORMAL, RESOURCE_STATUS_FROZEN]).toEqual([0, 1]);
  });

  it('guards accept members and refuse everything else, case-sensitively', () => {
    expect(isBusinessType('FLEXUS_2D')).toBe(true);
    expect(isBusinessType('flexus_2d')).toBe(false);
    expect(isBusinessType('')).toBe(false);
    expect(isBusinessType(undefined)).toBe(false);
    expect(isChargingMode('ON_DEMAND')).toBe(true);
    expect(isChargingMode('MONTHLY')).toBe(false);
    expect(isResourceSource('SP_ALLOCATED')).toBe(true);
    expect(isResourceSource('SP')).toBe(false);
    expect(isUnit('TEN_THOUSAND_WORDS')).toBe(true);
    expect(isUnit('MINUTE')).toBe(false);
    expect(isSubResourceType('voice_clone_flexus')).toBe(true);
    expect(isSubResourceType('voice_clone_basic')).toBe(false);
    expect(isResourceStatus(0)).toBe(true);
    expect(isResourceStatus(1)).toBe(true);
    expect(isResourceStatus('0')).toBe(false);
    expect(isResourceStatus(2)).toBe(false);
    expect(isResourceKind('capacity')).toBe(true);
    expect(isResourceKind('CAPACITY')).toBe(false);
  });
});
