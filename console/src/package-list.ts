// The package list with filters (the tenant API's /tenants/resources), a page at a time; the operator page adds actions.
import { api, enc, loadCatalog, query } from './api.js';
import { ALL_SOURCES, chargingModes, resourceSources, type ResourceItem, type ResourceList } from './api-types.js';
import { level, remaining } from './decimal.js';
import { field, h, notice, replace, select } from './dom.js';
import { formatDate, humanize, rowTitle } from './format.js';
import { usageMeter } from './usage-bars.js';

const PAGE = 20;

export interface PackageListOptions {
  projectId: string;
  /** Buttons for one package (the operator's freeze and adjust); none for tenants. */
  actions?: (pkg: ResourceItem, refresh: () => void) => HTMLElement[];
  idPrefix: string;
}

function statusCell(p: ResourceItem): HTMLElement {
  const expired = p.resource_expire_time !== undefined && Date.parse(p.resource_expire_time) <= Date.now();
  const text = p.status === 1 ? 'Frozen' : expired ? 'Expired' : 'Active';
  return h('span', { className: `pill pill-${text.toLowerCase()}` }, text);
}

function row(p: ResourceItem, opts: PackageListOptions, refresh: () => void): HTMLElement {
  const title = rowTitle(p);
  return h('tr', { 'data-resource-id': p.resource_id, 'data-testid': 'package-row' },
    h('th', { scope: 'row', 'data-label': 'Resource' }, h('span', { className: 'cell-title' }, title),
      h('span', { className: 'cell-sub mono cell-id', title: p.resource_id }, p.resource_id)),
    h('td', { 'data-label': 'Business' }, p.business_type),
    h('td', { 'data-label': 'Mode' }, `${humanize(p.charging_mode)} · ${humanize(p.resource_source)}`),
    h('td', { 'data-label': 'Used', className: `cell-usage level-${level(p.amount, p.usage)}` },
      h('span', {}, `${p.usage} / ${p.amount} ${p.unit}`), usageMeter(p, `${title} used`),
      h('span', { className: 'cell-sub' }, `${remaining(p.amount, p.usage)} left`)),
    h('td', { 'data-label': 'Status' }, statusCell(p)),
    h('td', { 'data-label': 'Expires', className: 'nowrap' }, formatDate(p.resource_expire_time)),
    opts.actions ? h('td', { 'data-label': 'Actions', className: 'cell-actions' }, ...opts.actions(p, refresh)) : null);
}

export function packageList(opts: PackageListOptions): { element: HTMLElement; refresh: () => void } {
  const id = (name: string) => `${opts.idPrefix}-${name}`;
  const resource = select(id('resource'), [['', 'Any resource type']]);
  const business = select(id('business'), [['', 'Any business type']]);
  // The tenant API lists one-time and periodic packages only, so pay-per-use is no filter here.
  const mode = select(id('mode'), [['', 'Any charging mode'], ...chargingModes.filter((m) => m !== 'ON_DEMAND').map((m): [string, string] => [m, humanize(m)])]);
  const source = select(id('source'), [['', 'Any source'], ...resourceSources.map((m): [string, string] => [m, humanize(m)])]);
  const status = select(id('status'), [['', 'Any status'], ['0', 'Normal'], ['1', 'Frozen']]);
  const expiring = select(id('expiring'), [['', 'Any time'], ['7', 'Within 7 days'], ['30', 'Within 30 days'], ['90', 'Within 90 days']]);
  void loadCatalog().then((catalog) => {
    for (const name of [...new Set(catalog.map((c) => c.name))].sort()) resource.append(h('option', { value: name }, name));
    for (const b of [...new Set(catalog.map((c) => c.business_type))].sort()) business.append(h('option', { value: b }, b));
  });

  const results = h('div', { className: 'package-results', 'aria-live': 'polite' });
  let offset = 0;

  const load = async (): Promise<void> => {
    const days = expiring.value ? Number(expiring.value) : 0;
    const now = new Date();
    const params = {
      resource: resource.value, business: business.value, charging_mode: mode.value, resource_source: source.value || ALL_SOURCES,
      status: status.value, limit: PAGE, offset,
      resource_expire_start_time: days ? now.toISOString() : undefined,
      resource_expire_end_time: days ? new Date(now.getTime() + days * 86_400_000).toISOString() : undefined,
    };
    replace(results, h('p', { className: 'loading' }, 'Loading packages…'));
    try {
      const list = await api<ResourceList>('GET', `/v1/${enc(opts.projectId)}/tenants/resources${query(params)}`);
      render(list);
    } catch (err) {
      replace(results, notice('error', `Could not load the packages: ${(err as Error).message}`));
    }
  };
  const refresh = () => void load();

  const render = (list: ResourceList): void => {
    if (list.count === 0) {
      replace(results, h('p', { className: 'empty' }, 'No package matches these filters.'));
      return;
    }
    const first = offset + 1;
    const last = offset + list.resources.length;
    const prev = h('button', { type: 'button', className: 'button secondary', disabled: offset === 0 }, 'Previous');
    const next = h('button', { type: 'button', className: 'button secondary', disabled: last >= list.count }, 'Next');
    prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE); refresh(); });
    next.addEventListener('click', () => { offset += PAGE; refresh(); });
    replace(results,
      h('div', { className: 'table-wrap' }, h('table', { className: 'table responsive', 'data-testid': 'package-table' },
        h('caption', { className: 'visually-hidden' }, 'Packages'),
        h('thead', {}, h('tr', {}, ...['Resource', 'Business', 'Mode', 'Used', 'Status', 'Expires'].map((c) => h('th', { scope: 'col' }, c)),
          opts.actions ? h('th', { scope: 'col' }, h('span', { className: 'visually-hidden' }, 'Actions')) : null)),
        h('tbody', {}, ...list.resources.map((p) => row(p, opts, refresh))))),
      h('div', { className: 'pager' }, h('p', { 'data-testid': 'package-count' }, `${first}–${last} of ${list.count}`), h('div', { className: 'pager-buttons' }, prev, next)));
  };

  const form = h('form', { className: 'filters', 'aria-label': 'Filter packages' },
    field('Resource type', resource), field('Business type', business), field('Charging mode', mode),
    field('Source', source), field('Status', status), field('Expires', expiring),
    h('div', { className: 'filter-buttons' },
      h('button', { type: 'submit', className: 'button' }, 'Apply filters'),
      h('button', { type: 'reset', className: 'button secondary' }, 'Reset')));
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; refresh(); });
  form.addEventListener('reset', () => { offset = 0; setTimeout(refresh); });
  refresh();
  return { element: h('div', { className: 'package-list' }, form, results), refresh };
}
