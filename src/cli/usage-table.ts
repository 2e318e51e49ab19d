// Renders resources-usage rows as a table with a used/total bar per row.
import type { ResourceUsageInfo } from '../wire/resource-usage.js';

const BAR_WIDTH = 20;

function bar(used: number, total: number): string {
  const ratio = total > 0 ? Math.min(used / total, 1) : used > 0 ? 1 : 0;
  const filled = Math.round(ratio * BAR_WIDTH);
  return '[' + '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled) + '] ' + (ratio * 100).toFixed(1).padStart(5) + '%';
}

export function renderUsageTable(rows: ResourceUsageInfo[]): string {
  if (rows.length === 0) return 'no packages in effect\n';
  const table = rows.map((r) => [
    r.resource_type + (r.sub_resource_type ? ` / ${r.sub_resource_type}` : ''),
    r.business_type, r.charging_mode, r.resource_source,
    `${r.usage} / ${r.amount} ${r.unit}`, bar(r.usage, r.amount),
  ]);
  const header = ['RESOURCE', 'BUSINESS', 'CHARGING', 'SOURCE', 'USED / TOTAL', 'USAGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...table.map(line)].join('\n') + '\n';
}
