// The resource types every deployment knows without configuration: MetaStudio's, plus a few ledger defaults.
import type { ResourceTypeDef } from './catalog.js';

const SPEC = 'hws.resource.type.metastudio.';

/** What one Flexus package contains per unit granted (spec/tenant-api.md, "How this service models Flexus packages"). */
const FLEXUS_BUNDLE: ResourceTypeDef['bundle'] = [
  { subResourceType: 'video_time_flexus_2d_model', unit: 'MIN', quantityPerUnit: '120' },
  { subResourceType: 'modeling_count_2d_model_flexus', unit: 'NUM', quantityPerUnit: '1' },
  { subResourceType: 'voice_clone_flexus', unit: 'NUM', quantityPerUnit: '1' },
];

// Vocabulary 1: MetaStudio quota names.
const QUOTA_NAMES: ResourceTypeDef[] = [
  { name: 'modeling_count_2d_model', unit: 'NUM', businessType: 'MODELING_2D', kind: 'consumable', description: 'Avatar image modelings' },
  { name: 'video_time_2d_model', unit: 'MIN', businessType: 'VIDEO_2D', kind: 'consumable', description: 'Avatar video production minutes' },
  { name: 'voice_clone_basic', unit: 'NUM', businessType: 'VOICE_CLONE', kind: 'consumable', description: 'Voice modelings, basic edition' },
  { name: 'voice_clone_middle', unit: 'NUM', businessType: 'VOICE_CLONE', kind: 'consumable', description: 'Voice modelings, middle edition' },
  { name: 'voice_clone_advance', unit: 'NUM', businessType: 'VOICE_CLONE', kind: 'consumable', description: 'Voice modelings, advanced edition' },
  { name: 'modeling_count_2d_model_flexus', unit: 'NUM', businessType: 'FLEXUS_2D', kind: 'consumable', description: 'Avatar image modelings, Flexus edition' },
  { name: 'video_time_flexus_2d_model', unit: 'MIN', businessType: 'FLEXUS_2D', kind: 'consumable', description: 'Avatar video minutes, Flexus edition' },
  { name: 'voice_clone_flexus', unit: 'NUM', businessType: 'FLEXUS_2D', kind: 'consumable', description: 'Voice modelings, Flexus edition' },
];

// Vocabulary 2: MetaStudio billing spec codes. Channels are held while a task runs, hence capacity.
const SPEC_CODES: ResourceTypeDef[] = [
  { name: `${SPEC}avatarmodeling.number`, unit: 'NUM', businessType: 'MODELING_2D', kind: 'consumable', description: 'Avatar image modeling (one-off)' },
  { name: `${SPEC}modeling.voice.onebasic`, unit: 'NUM', businessType: 'VOICE_CLONE', kind: 'consumable', description: 'Voice modeling, basic (one-off)' },
  { name: `${SPEC}modeling.voice.onemiddle`, unit: 'NUM', businessType: 'VOICE_CLONE', kind: 'consumable', description: 'Voice modeling, middle (one-off)' },
  { name: `${SPEC}modeling.voice.advance`, unit: 'NUM', businessType: 'VOICE_CLONE', kind: 'consumable', description: 'Voice modeling, advanced (one-off)' },
  {
    name: `${SPEC}modeling.flexus.avatar.number`, unit: 'NUM', businessType: 'FLEXUS_2D', kind: 'consumable',
    description: 'Flexus package: 1 avatar + 1 voice + 120 video minutes (one-off)', bundle: FLEXUS_BUNDLE,
  },
  { name: `${SPEC}modeling.avatarvideo.duration`, unit: 'MIN', businessType: 'VIDEO_2D', kind: 'consumable', description: 'Avatar video minutes (pay-per-use)' },
  // Granted in minutes (amount 60 per package) so usage is comparable with other video minutes.
  { name: `${SPEC}avatarmodeling.videopacket`, unit: 'MIN', businessType: 'VIDEO_2D', kind: 'consumable', description: '60-minute avatar video package (one-off)' },
  { name: `${SPEC}modeling.avatarlive.channel`, unit: 'CHANNEL', businessType: 'LIVE_2D', kind: 'capacity', description: 'Avatar livestream channels (yearly/monthly)' },
  // "Interaction" is capitalised in MetaStudio's own code; names are matched exactly.
  { name: `${SPEC}modeling.Interaction.basic.channel`, unit: 'CHANNEL', businessType: 'CHAT_2D', kind: 'capacity', description: 'Intelligent interaction channels, basic (yearly/monthly)' },
  { name: `${SPEC}modeling.Interaction.pro.channel`, unit: 'CHANNEL', businessType: 'CHAT_2D', kind: 'capacity', description: 'Intelligent interaction channels, pro (yearly/monthly)' },
  // One name, three parts told apart by business type: 5 modelings + 5 voices + 5 channels.
  { name: `${SPEC}modeling.enterpriselivepackage`, unit: 'NUM', businessType: 'MODELING_2D', kind: 'consumable', description: 'Enterprise livestream package: avatar modelings' },
  { name: `${SPEC}modeling.enterpriselivepackage`, unit: 'NUM', businessType: 'VOICE_CLONE', kind: 'consumable', description: 'Enterprise livestream package: voice modelings' },
  { name: `${SPEC}modeling.enterpriselivepackage`, unit: 'CHANNEL', businessType: 'LIVE_2D', kind: 'capacity', description: 'Enterprise livestream package: livestream channels' },
];

// Ledger defaults for business types MetaStudio documents without naming a resource type. Only
// types whose unit is evident are here; BUSINESS_CARD_2D, VDS_3D and TTSA_3D are left to
// operators because their unit is not documented. Storage is capacity: space is occupied while
// assets exist and freed when they are deleted, not used up.
const LEDGER_DEFAULTS: ResourceTypeDef[] = [
  { name: 'synthetics_sound_words', unit: 'TEN_THOUSAND_WORDS', businessType: 'SYNTHETICS_SOUND', kind: 'consumable', description: 'Speech synthesis, in ten thousand characters (ledger default)' },
  { name: 'asset_storage', unit: 'GB', businessType: 'ASSET_MANAGER', kind: 'capacity', description: 'Asset storage in GB (ledger default)' },
  { name: 'video_time_picture_2d', unit: 'MIN', businessType: 'PICTURE_2D', kind: 'consumable', description: 'Photo-based avatar video minutes (ledger default)' },
  { name: 'modeling_count_3d_model', unit: 'NUM', businessType: 'MODELING_3D', kind: 'consumable', description: '3D photo modelings (ledger default)' },
];

export const defaultResourceTypes: readonly ResourceTypeDef[] = [...QUOTA_NAMES, ...SPEC_CODES, ...LEDGER_DEFAULTS];
