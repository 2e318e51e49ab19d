// MetaStudio's closed enumerations (spec/tenant-api.md "Enumerations") with their types and guards.

export const businessTypes = [
  'VOICE_CLONE', // voice modeling
  'SYNTHETICS_SOUND', // voice synthesis
  'ASSET_MANAGER', // asset management
  'MODELING_2D', // image modeling
  'LIVE_2D', // avatar livestreaming
  'VIDEO_2D', // avatar video production
  'CHAT_2D', // avatar intelligent interaction
  'BUSINESS_CARD_2D', // avatar business card
  'PICTURE_2D', // photo-based avatar video
  'MODELING_3D', // 3D photo modeling
  'VDS_3D', // 3D visual control
  'TTSA_3D', // 3D speech control
  'FLEXUS_2D', // Flexus resources
] as const;
export type BusinessType = (typeof businessTypes)[number];

export const chargingModes = ['PERIODIC', 'ONE_TIME', 'ON_DEMAND'] as const;
export type ChargingMode = (typeof chargingModes)[number];

export const resourceSources = ['PURCHASED', 'SP_ALLOCATED', 'ADMIN_ALLOCATED'] as const;
export type ResourceSource = (typeof resourceSources)[number];

export const units = [
  'NUM', // avatars / voices
  'MIN', // minutes of video production
  'HOUR', // hours of livestream
  'CHANNEL', // concurrent tasks (livestream / interaction)
  'GB', // asset storage
  'MILLION_WORDS',
  'TEN_THOUSAND_WORDS',
  'TIME', // times
] as const;
export type Unit = (typeof units)[number];

/** Flexus sub-resources as MetaStudio names them; operator bundles may name others. */
export const subResourceTypes = [
  'voice_clone_flexus',
  'modeling_count_2d_model_flexus',
  'video_time_flexus_2d_model',
] as const;
export type SubResourceType = (typeof subResourceTypes)[number];

export const resourceStatuses = [0, 1] as const;
export type ResourceStatus = (typeof resourceStatuses)[number];
export const RESOURCE_STATUS_NORMAL = 0 satisfies ResourceStatus;
export const RESOURCE_STATUS_FROZEN = 1 satisfies ResourceStatus;

/** consumable: used up (minutes, modelings); capacity: held while in use and given back (channels). */
export const resourceKinds = ['consumable', 'capacity'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

function memberOf<T>(values: readonly T[]): (value: unknown) => value is T {
  const set = new Set<unknown>(values);
  return (value: unknown): value is T => set.has(value);
}

export const isBusinessType = memberOf(businessTypes);
export const isChargingMode = memberOf(chargingModes);
export const isResourceSource = memberOf(resourceSources);
export const isUnit = memberOf(units);
export const isSubResourceType = memberOf(subResourceTypes);
export const isResourceStatus = memberOf(resourceStatuses);
export const isResourceKind = memberOf(resourceKinds);
