// One bar per resources-usage row: used against total, what is left in the row's unit, coloured above 80% and 95%.
import type { UsageRow } from './api-types.js';
import { formatPermille, level, permille, remaining } from './decimal.js';
import { h } from './dom.js';
import { rowDetails, rowTitle } from './format.js';

/** The meter itself; the API's numbers go into the text unchanged and into data attributes for tests. */
export function usageMeter(row: Pick<UsageRow, 'amount' | 'usage' | 'unit'>, label: string): HTMLElement {
  const p = permille(row.amount, row.usage);
  const fill = h('span', { className: 'meter-fill' });
  // CSSOM, not a style attribute: the page's Content-Security-Policy allows no inline styles.
  fill.style.width = `${Math.min(p, 1000) / 10}%`;
  return h('div', {
    className: 'meter', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': row.amount,
    'aria-valuenow': row.usage, 'aria-valuetext': `${formatPermille(p)} used`,
  }, fill);
}

export function usageBar(row: UsageRow): HTMLElement {
  const left = remaining(row.amount, row.usage);
  const p = permille(row.amount, row.usage);
  const lvl = level(row.amount, row.usage);
  const title = rowTitle(row);
  return h('li', {
    className: `usage-bar level-${lvl}`, 'data-testid': 'usage-bar',
    'data-resource-type': row.resource_type, 'data-business-type': row.business_type,
    'data-sub-resource-type': row.sub_resource_type ?? '', 'data-charging-mode': row.charging_mode,
    'data-resource-source': row.resource_source, 'data-unit': row.unit,
    'data-amount': String(row.amount), 'data-usage': String(row.usage), 'data-remaining': left, 'data-level': lvl,
  },
  h('div', { className: 'usage-head' },
    h('div', {},
      h('h3', { className: 'usage-title' }, title),
      h('p', { className: 'usage-meta' }, rowDetails(row))),
    h('div', { className: 'usage-percent' }, h('p', {}, formatPermille(p)),
      lvl !== 'ok' ? h('p', { className: 'badge' }, lvl === 'critical' ? 'Almost out' : 'Running low') : null)),
  usageMeter(row, `${title} used`),
  h('p', { className: 'usage-numbers' },
    h('span', { className: 'num-used' }, h('strong', { 'data-field': 'usage' }, String(row.usage)), ' of ',
      h('strong', { 'data-field': 'amount' }, String(row.amount)), ' ', h('span', { 'data-field': 'unit' }, row.unit), ' used'),
    h('span', { className: 'num-left' }, h('strong', { 'data-field': 'remaining' }, left), ` ${row.unit} left`)));
}

export function usageBars(rows: UsageRow[]): HTMLElement {
  if (rows.length === 0) {
    return h('p', { className: 'empty' }, 'No packages in effect: nothing to show. Packages that are expired, frozen, not yet effective or pay-per-use are not counted here.');
  }
  return h('ul', { className: 'usage-bars', 'data-testid': 'usage-bars' }, ...rows.map(usageBar));
}
