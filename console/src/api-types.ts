// The fields of the API's answers that the console reads (the server's TypeBox schemas in src/wire/ are the source;
// the browser tests compare what the console shows with the real API, which catches drift).

export interface UsageRow {
  resource_type: string;
  business_type: string;
  sub_resource_type?: string;
  is_sub_resource: boolean;
  charging_mode: string;
  resource_source: string;
  amount: number;
  usage: number;
  unit: string;
}

export interface ResourceItem extends UsageRow {
  resource_id: string;
  order_id?: string;
  resource_expire_time?: string;
  status: number;
}

export interface ResourceList {
  count: number;
  resources: ResourceItem[];
}

export interface DailySeries {
  resource_type: string;
  business_type?: string;
  sub_resource_type?: string;
  unit: string;
  quantities: number[];
  overflow_quantities: number[];
  total: number;
}

export interface DailyUsage {
  days: string[];
  complete: boolean;
  series: DailySeries[];
}

export interface ProjectInfo {
  project_id: string;
  name: string;
  status: 'active' | 'disabled';
  parent_project_id?: string;
}

export interface UsageRecord {
  record_id: string;
  resource_type: string;
  business_type?: string;
  sub_resource_type?: string;
  quantity: number;
  overflow_quantity: number;
  status: 'applied' | 'reversed';
  occurred_at: string;
}

export interface JournalEntry {
  entry_id: number;
  resource_id: string;
  kind: string;
  amount_delta: number;
  usage_delta: number;
  amount_after: number;
  usage_after: number;
  record_id?: string;
  actor: string;
  created_at: string;
}

export interface CatalogEntry {
  name: string;
  business_type: string;
  unit: string;
  kind: string;
  sub_resource_types?: string[];
}

export interface TokenBody {
  token: {
    expires_at: string;
    user: { id: string; name: string };
    project: { id: string; name: string };
    roles: Array<{ name: string }>;
  };
}

export const chargingModes = ['ONE_TIME', 'PERIODIC', 'ON_DEMAND'] as const;
export const resourceSources = ['PURCHASED', 'SP_ALLOCATED', 'ADMIN_ALLOCATED'] as const;
/** MetaStudio's resource list requires resource_source: "any source" is all three. */
export const ALL_SOURCES = resourceSources.join(',');
