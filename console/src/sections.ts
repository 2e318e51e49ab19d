// Page sections shared by the tenant view and the operator's project page: usage bars, expiring packages, daily chart.
import { api, enc, query } from './api.js';
import { ALL_SOURCES, type DailyUsage, type ResourceList, type UsageRow } from './api-types.js';
import { remaining } from './decimal.js';
import { h, notice, replace } from './dom.js';
import { dailyCharts } from './daily-chart.js';
import { daysUntil, formatDate, rowTitle } from './format.js';
import { usageBars } from './usage-bars.js';

export const EXPIRY_WINDOW_DAYS = 30;

export function section(id: string, title: string, intro: string | null, body: HTMLElement, action?: HTMLElement): HTMLElement {
  return h('section', { className: 'card', 'aria-labelledby': `${id}-title`, id },
    h('div', { className: 'card-head' }, h('div', {}, h('h2', { id: `${id}-title` }, title), intro ? h('p', { className: 'card-intro' }, intro) : null), action ?? null),
    body);
}

/** Fills a placeholder once the request is answered, or says why it could not be. */
export function loading<T>(request: Promise<T>, render: (value: T) => HTMLElement, what: string): HTMLElement {
  const box = h('div', { className: 'async', 'aria-busy': 'true' }, h('p', { className: 'loading' }, `Loading ${what}…`));
  request.then(
    (value) => replace(box, render(value)),
    (err: Error) => replace(box, notice('error', `Could not load ${what}: ${err.message}`)),
  ).finally(() => box.removeAttribute('aria-busy'));
  return box;
}

export function usageSection(projectId: string): HTMLElement {
  return section('usage', 'Resources in effect', 'Per resource, what the packages in effect now hold and what is used: the numbers of the resources-usage API.',
    loading(api<{ resources: UsageRow[] }>('GET', `/v1/${enc(projectId)}/tenants/resources-usage`), (r) => usageBars(r.resources), 'resource usage'));
}

function expiringList(list: ResourceList): HTMLElement {
  if (list.resources.length === 0) return h('p', { className: 'empty' }, `No package expires in the next ${EXPIRY_WINDOW_DAYS} days.`);
  const sorted = [...list.resources].sort((a, b) => Date.parse(a.resource_expire_time ?? '') - Date.parse(b.resource_expire_time ?? ''));
  return h('div', {},
    h('ul', { className: 'expiring', 'data-testid': 'expiring-list' }, ...sorted.map((p) => {
      const days = daysUntil(p.resource_expire_time ?? '');
      return h('li', { className: `expiring-item${days <= 7 ? ' soon' : ''}`, 'data-resource-id': p.resource_id },
        h('div', {}, h('p', { className: 'cell-title' }, rowTitle(p)), h('p', { className: 'cell-sub mono' }, p.resource_id)),
        h('div', { className: 'expiring-when' },
          h('p', { className: 'expiring-days' }, days === 0 ? 'today' : days === 1 ? 'in 1 day' : `in ${days} days`),
          h('p', { className: 'cell-sub' }, `${formatDate(p.resource_expire_time)} · ${remaining(p.amount, p.usage)} ${p.unit} left${p.status === 1 ? ' · frozen' : ''}`)));
    })),
    list.count > list.resources.length ? h('p', { className: 'cell-sub' }, `${list.resources.length} of ${list.count} shown; filter the package list below for the rest.`) : null);
}

export function expiringSection(projectId: string): HTMLElement {
  const now = new Date();
  const params = query({
    resource_source: ALL_SOURCES, resource_expire_start_time: now.toISOString(),
    resource_expire_end_time: new Date(now.getTime() + EXPIRY_WINDOW_DAYS * 86_400_000).toISOString(), limit: 100,
  });
  return section('expiring', `Expiring in the next ${EXPIRY_WINDOW_DAYS} days`, null,
    loading(api<ResourceList>('GET', `/v1/${enc(projectId)}/tenants/resources${params}`), expiringList, 'expiring packages'));
}

export function dailySection(projectId: string): HTMLElement {
  return section('daily', 'Daily usage, last 30 days', 'What the usage records took each UTC day, per resource type; reversed records are left out.',
    loading(api<DailyUsage>('GET', `/v1/${enc(projectId)}/tenants/usage-daily?days=30`), dailyCharts, 'daily usage'));
}
