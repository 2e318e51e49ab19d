// The 20 packages every generated tenant holds: a realistic mix of the default catalog, some expired, frozen or not yet effective.
const SPEC = 'hws.resource.type.metastudio.';
const DAY = 86_400_000;
const MICRO = 1_000_000;

interface Template {
  resourceType: string;
  businessType: string;
  unit: string;
  chargingMode: 'ONE_TIME' | 'PERIODIC' | 'ON_DEMAND';
  source: 'PURCHASED' | 'SP_ALLOCATED' | 'ADMIN_ALLOCATED';
  amount: number;
  /** index of the bundle parent in TEMPLATES, for Flexus sub-resource packages */
  parent?: number;
  subResourceType?: string;
  /** the package the write benchmarks draw from is never expired or frozen */
  alwaysInEffect?: boolean;
}

const FLEXUS = `${SPEC}modeling.flexus.avatar.number`;

export const TEMPLATES: readonly Template[] = [
  { resourceType: 'video_time_2d_model', businessType: 'VIDEO_2D', unit: 'MIN', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 6000, alwaysInEffect: true },
  { resourceType: 'video_time_2d_model', businessType: 'VIDEO_2D', unit: 'MIN', chargingMode: 'ONE_TIME', source: 'ADMIN_ALLOCATED', amount: 600 },
  { resourceType: 'video_time_2d_model', businessType: 'VIDEO_2D', unit: 'MIN', chargingMode: 'PERIODIC', source: 'PURCHASED', amount: 1000 },
  { resourceType: 'video_time_2d_model', businessType: 'VIDEO_2D', unit: 'MIN', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 3000 },
  { resourceType: `${SPEC}modeling.avatarvideo.duration`, businessType: 'VIDEO_2D', unit: 'MIN', chargingMode: 'ON_DEMAND', source: 'PURCHASED', amount: 100_000 },
  { resourceType: `${SPEC}avatarmodeling.videopacket`, businessType: 'VIDEO_2D', unit: 'MIN', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 60 },
  { resourceType: 'modeling_count_2d_model', businessType: 'MODELING_2D', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 10 },
  { resourceType: 'modeling_count_2d_model', businessType: 'MODELING_2D', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'SP_ALLOCATED', amount: 5 },
  { resourceType: 'voice_clone_basic', businessType: 'VOICE_CLONE', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 5 },
  { resourceType: 'voice_clone_middle', businessType: 'VOICE_CLONE', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 2 },
  { resourceType: `${SPEC}modeling.voice.onebasic`, businessType: 'VOICE_CLONE', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 1 },
  { resourceType: `${SPEC}modeling.avatarlive.channel`, businessType: 'LIVE_2D', unit: 'CHANNEL', chargingMode: 'PERIODIC', source: 'PURCHASED', amount: 2 },
  { resourceType: `${SPEC}modeling.Interaction.basic.channel`, businessType: 'CHAT_2D', unit: 'CHANNEL', chargingMode: 'PERIODIC', source: 'PURCHASED', amount: 1 },
  { resourceType: FLEXUS, businessType: 'FLEXUS_2D', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 1 },
  { resourceType: FLEXUS, businessType: 'FLEXUS_2D', unit: 'MIN', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 120, parent: 13, subResourceType: 'video_time_flexus_2d_model' },
  { resourceType: FLEXUS, businessType: 'FLEXUS_2D', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 1, parent: 13, subResourceType: 'modeling_count_2d_model_flexus' },
  { resourceType: FLEXUS, businessType: 'FLEXUS_2D', unit: 'NUM', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 1, parent: 13, subResourceType: 'voice_clone_flexus' },
  { resourceType: 'synthetics_sound_words', businessType: 'SYNTHETICS_SOUND', unit: 'TEN_THOUSAND_WORDS', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 100 },
  { resourceType: 'asset_storage', businessType: 'ASSET_MANAGER', unit: 'GB', chargingMode: 'PERIODIC', source: 'PURCHASED', amount: 50 },
  { resourceType: 'video_time_picture_2d', businessType: 'PICTURE_2D', unit: 'MIN', chargingMode: 'ONE_TIME', source: 'PURCHASED', amount: 300 },
];

/** Column values of one packages row, in PACKAGE_COLUMNS order. */
export type PackageValues = [
  projectId: string, resourceId: string, orderId: string, resourceType: string, businessType: string,
  subResourceType: string | null, isSubResource: number, parentResourceId: string | null, chargingMode: string,
  resourceSource: string, unit: string, amount: number, usage: number, status: number, effectiveAt: number,
  expiresAt: number | null, createdAt: number, updatedAt: number,
];

export const PACKAGE_COLUMNS = [
  'project_id', 'resource_id', 'order_id', 'resource_type', 'business_type', 'sub_resource_type', 'is_sub_resource',
  'parent_resource_id', 'charging_mode', 'resource_source', 'unit', 'amount', 'usage', 'status', 'effective_at',
  'expires_at', 'created_at', 'updated_at',
] as const;

/** mulberry32: a small, fast, seedable PRNG (uint32 output) so every run generates the same ledger. */
export function prngU32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform in [0, 1). */
export function prng(seed: number): () => number {
  const next = prngU32(seed);
  return () => next() / 4294967296;
}

// Number#toString(16) on non-small integers is slow; a byte table keeps id generation off the profile.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 32 lower-case hex characters from four PRNG draws. */
export function hex32(next: () => number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    const x = next();
    s += HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
  }
  return s;
}

function validity(t: Template, rand: () => number, now: number, state: 'active' | 'expired' | 'future') {
  if (t.chargingMode === 'ON_DEMAND') return { effectiveAt: now - Math.floor(rand() * 300) * DAY, expiresAt: null };
  const length = t.chargingMode === 'PERIODIC' ? 30 * DAY : 365 * DAY;
  if (state === 'expired') {
    const expiresAt = now - (1 + Math.floor(rand() * 60)) * DAY;
    return { effectiveAt: expiresAt - length, expiresAt };
  }
  if (state === 'future') {
    const effectiveAt = now + (1 + Math.floor(rand() * 20)) * DAY;
    return { effectiveAt, expiresAt: effectiveAt + length };
  }
  const effectiveAt = now - Math.floor(rand() * (length / DAY - 1)) * DAY - Math.floor(rand() * DAY);
  return { effectiveAt, expiresAt: effectiveAt + length };
}

/** The project's 20 packages, sorted by resource_id (the primary key order, for fast bulk inserts). */
export function projectPackages(projectId: string, index: number, now: number): PackageValues[] {
  const u32 = prngU32(index * 7919 + 17);
  const rand = () => u32() / 4294967296;
  const ids = TEMPLATES.map(() => hex32(u32));
  const rows = TEMPLATES.map((t, i): PackageValues => {
    const roll = rand();
    const state = t.alwaysInEffect || t.parent !== undefined ? 'active' : roll < 0.1 ? 'expired' : roll < 0.13 ? 'future' : 'active';
    const frozen = !t.alwaysInEffect && rand() < 0.08 ? 1 : 0;
    const { effectiveAt, expiresAt } = validity(t, rand, now, state);
    const amount = t.amount * MICRO;
    // Decimal usage for minutes and words (tenths), whole numbers for counts and channels.
    const usage = t.unit === 'MIN' || t.unit === 'TEN_THOUSAND_WORDS'
      ? Math.floor(rand() * t.amount * 6) * (MICRO / 10)
      : Math.floor(rand() * (t.amount + 1) * 0.6) * MICRO;
    return [
      projectId, ids[i]!, `CS${(index * 100 + i).toString().padStart(16, '0')}`, t.resourceType, t.businessType,
      t.subResourceType ?? null, t.subResourceType ? 1 : 0, t.parent === undefined ? null : ids[t.parent]!, t.chargingMode,
      t.source, t.unit, amount, Math.min(usage, amount), frozen, effectiveAt, expiresAt, Math.min(effectiveAt, now), now,
    ];
  });
  return rows.sort((a, b) => (a[1] < b[1] ? -1 : 1));
}
