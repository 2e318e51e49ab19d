// Usage records summed per UTC day and resource, the series behind the console's daily-usage chart. Pure.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What a record contributes; reversed records gave everything back and are left out before this. */
export interface DailyUsageInput {
  resourceType: string;
  businessType: string | null;
  subResourceType: string | null;
  quantity: bigint;
  overflowQuantity: bigint;
  occurredAt: Date;
}

export interface DailyUsageSeries {
  resourceType: string;
  businessType: string | null;
  subResourceType: string | null;
  /** One entry per day of the window, oldest first, in micro-units. */
  quantities: bigint[];
  overflowQuantities: bigint[];
  total: bigint;
}

/** The first instant of the UTC day `days - 1` days before `now`: the window always ends today and has whole days. */
export function windowStart(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

/** YYYY-MM-DD of each day of the window, oldest first. */
export function windowDays(start: Date, days: number): string[] {
  return Array.from({ length: days }, (_, i) => new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10));
}

export class DailyUsageAccumulator {
  private readonly series = new Map<string, DailyUsageSeries>();

  constructor(private readonly start: Date, private readonly days: number) {}

  add(r: DailyUsageInput): void {
    const day = Math.floor((r.occurredAt.getTime() - this.start.getTime()) / DAY_MS);
    if (day < 0 || day >= this.days) return;
    // NUL cannot occur in a resource or business type name, so the key is unambiguous.
    const key = `${r.resourceType}\0${r.businessType ?? ''}\0${r.subResourceType ?? ''}`;
    let s = this.series.get(key);
    if (!s) {
      s = {
        resourceType: r.resourceType, businessType: r.businessType, subResourceType: r.subResourceType,
        quantities: new Array<bigint>(this.days).fill(0n), overflowQuantities: new Array<bigint>(this.days).fill(0n), total: 0n,
      };
      this.series.set(key, s);
    }
    s.quantities[day]! += r.quantity;
    s.overflowQuantities[day]! += r.overflowQuantity;
    s.total += r.quantity;
  }

  /** In a stable order: resource type, business type, parent before sub-resources, as resources-usage orders its rows. */
  result(): DailyUsageSeries[] {
    const text = (v: string | null) => v ?? '';
    return [...this.series.values()].sort((a, b) =>
      a.resourceType.localeCompare(b.resourceType) || text(a.businessType).localeCompare(text(b.businessType))
      || text(a.subResourceType).localeCompare(text(b.subResourceType)));
  }
}
