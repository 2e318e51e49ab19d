// Daily usage over the last days as small inline-SVG bar charts, one per resource type (units differ, so no shared axis).
import type { DailySeries, DailyUsage } from './api-types.js';
import { h, s } from './dom.js';
import { rowTitle } from './format.js';

const W = 320;
const H = 132;
const LEFT = 40;
const RIGHT = 6;
const TOP = 10;
const BOTTOM = 22;

/** The smallest 1, 2 or 5 times a power of ten at or above the value: round numbers on the axis. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axisLabel(n: number): string {
  if (n >= 1_000_000) return `${n / 1_000_000}M`;
  if (n >= 10_000) return `${n / 1000}k`;
  return String(n);
}

function chart(series: DailySeries, days: string[]): SVGSVGElement {
  const max = niceCeiling(Math.max(...series.quantities));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / days.length;
  const gap = Math.min(2, slot * 0.25);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const title = rowTitle(series);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`, className: 'chart', role: 'img',
    'aria-label': `Daily usage of ${title} over the last ${days.length} days: ${series.total} ${series.unit} in total`,
  });
  for (const v of [0, max / 2, max]) {
    svg.append(s('line', { x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), className: v === 0 ? 'axis' : 'grid' }));
    svg.append(s('text', { x: LEFT - 6, y: y(v) + 4, className: 'tick', 'text-anchor': 'end' }, axisLabel(v)));
  }
  days.forEach((day, i) => {
    const q = series.quantities[i] ?? 0;
    const over = series.overflow_quantities[i] ?? 0;
    const x = LEFT + i * slot + gap / 2;
    if (q > 0) {
      const bar = s('rect', { x, width: Math.max(slot - gap, 1), y: y(q), height: Math.max(TOP + plotH - y(q), 1), className: 'bar' },
        s('title', {}, `${day}: ${q} ${series.unit}${over > 0 ? ` (${over} pay-per-use)` : ''}`));
      svg.append(bar);
      if (over > 0) svg.append(s('rect', { x, width: Math.max(slot - gap, 1), y: y(q), height: Math.max(y(q - over) - y(q), 1), className: 'bar-overflow' }));
    }
  });
  const labelAt = [0, Math.floor((days.length - 1) / 2), days.length - 1];
  for (const i of new Set(labelAt)) {
    const anchor = i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle';
    const x = i === 0 ? LEFT : i === days.length - 1 ? W - RIGHT : LEFT + (i + 0.5) * slot;
    svg.append(s('text', { x, y: H - 6, className: 'tick', 'text-anchor': anchor }, (days[i] ?? '').slice(5)));
  }
  return svg;
}

/** The same numbers as a table, for screen readers and for anyone who wants the exact values. */
function dataTable(series: DailySeries, days: string[]): HTMLElement {
  const rows = days.map((day, i) => ({ day, q: series.quantities[i] ?? 0, over: series.overflow_quantities[i] ?? 0 })).filter((r) => r.q > 0);
  return h('details', { className: 'chart-data' },
    h('summary', {}, 'Show the numbers'),
    rows.length === 0 ? h('p', {}, 'No usage in this period.') : h('table', { className: 'table compact' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day (UTC)'), h('th', { scope: 'col', className: 'num' }, `Used (${series.unit})`),
        h('th', { scope: 'col', className: 'num' }, 'Pay-per-use'))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, h('td', {}, r.day), h('td', { className: 'num' }, String(r.q)), h('td', { className: 'num' }, String(r.over)))))));
}

export function dailyCharts(daily: DailyUsage): HTMLElement {
  const active = daily.series.filter((x) => x.total > 0);
  if (active.length === 0) return h('p', { className: 'empty' }, `No usage recorded in the last ${daily.days.length} days.`);
  return h('div', {},
    daily.complete ? null : h('p', { className: 'notice notice-info' }, 'Only the most recent usage records are counted: this project has more than one request reads.'),
    h('ul', { className: 'charts' }, ...active.map((series) => h('li', {
      className: 'chart-card', 'data-testid': 'daily-chart', 'data-resource-type': series.resource_type, 'data-total': String(series.total),
    },
    h('div', { className: 'chart-head' },
      h('h3', {}, rowTitle(series)),
      h('p', { className: 'chart-total' }, h('strong', {}, String(series.total)), ` ${series.unit} in ${daily.days.length} days`)),
    series.business_type ? h('p', { className: 'usage-meta' }, series.business_type) : null,
    chart(series, daily.days),
    dataTable(series, daily.days)))));
}
