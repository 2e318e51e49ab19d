// The operator's page of one project: its usage, packages (freeze, adjust), a grant form, recent usage records and journal.
import { api, enc, query } from './api.js';
import type { JournalEntry, ProjectInfo, UsageRecord } from './api-types.js';
import { h, replace } from './dom.js';
import { formatTime, humanize } from './format.js';
import { adjustButton, freezeButton, grantForm } from './package-forms.js';
import { packageList } from './package-list.js';
import { loading, section, usageSection } from './sections.js';

const RECENT = 20;

function table(caption: string, columns: string[], rows: HTMLElement[], testId: string): HTMLElement {
  return h('div', { className: 'table-wrap' }, h('table', { className: 'table responsive compact', 'data-testid': testId },
    h('caption', { className: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows)));
}

function recordsTable(page: { usage_records: UsageRecord[] }): HTMLElement {
  if (page.usage_records.length === 0) return h('p', { className: 'empty' }, 'No usage recorded yet.');
  return table('Recent usage records', ['Record', 'Resource', 'Quantity', 'Status', 'Occurred'], page.usage_records.map((r) =>
    h('tr', {},
      h('th', { scope: 'row', 'data-label': 'Record', className: 'mono' }, r.record_id),
      h('td', { 'data-label': 'Resource' }, r.sub_resource_type ?? r.resource_type),
      h('td', { 'data-label': 'Quantity', className: 'num' }, String(r.quantity), r.overflow_quantity > 0 ? h('span', { className: 'cell-sub' }, ` (${r.overflow_quantity} pay-per-use)`) : null),
      h('td', { 'data-label': 'Status' }, h('span', { className: `pill pill-${r.status === 'applied' ? 'active' : 'expired'}` }, humanize(r.status))),
      h('td', { 'data-label': 'Occurred', className: 'nowrap' }, formatTime(r.occurred_at)))), 'records-table');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function journalTable(page: { entries: JournalEntry[] }): HTMLElement {
  if (page.entries.length === 0) return h('p', { className: 'empty' }, 'The journal is empty.');
  return table('Journal', ['When', 'Change', 'Package', 'Amount', 'Used', 'By'], page.entries.map((e) =>
    h('tr', {},
      h('th', { scope: 'row', 'data-label': 'When', className: 'nowrap' }, formatTime(e.created_at)),
      h('td', { 'data-label': 'Change' }, humanize(e.kind)),
      h('td', { 'data-label': 'Package', className: 'mono' }, e.resource_id),
      h('td', { 'data-label': 'Amount', className: 'num' }, `${e.amount_after}`, e.amount_delta !== 0 ? h('span', { className: 'cell-sub' }, ` (${signed(e.amount_delta)})`) : null),
      h('td', { 'data-label': 'Used', className: 'num' }, `${e.usage_after}`, e.usage_delta !== 0 ? h('span', { className: 'cell-sub' }, ` (${signed(e.usage_delta)})`) : null),
      h('td', { 'data-label': 'By', className: 'mono' }, e.actor))), 'journal-table');
}

export function projectPage(projectId: string): HTMLElement {
  const p = enc(projectId);
  const usage = h('div', {}, usageSection(projectId));
  const records = h('div', {});
  const journal = h('div', {});
  const report = h('div', { className: 'form-status', 'aria-live': 'polite' });
  const show = (el: HTMLElement) => replace(report, el);
  const loadHistory = () => {
    replace(records, section('records', 'Recent usage records', null,
      loading(api<{ usage_records: UsageRecord[] }>('GET', `/admin/v1/projects/${p}/usage-records${query({ limit: RECENT })}`), recordsTable, 'usage records')));
    replace(journal, section('journal', 'Journal', 'Every change of a package, newest first.',
      loading(api<{ entries: JournalEntry[] }>('GET', `/admin/v1/projects/${p}/journal${query({ limit: RECENT })}`), journalTable, 'the journal')));
  };
  // Any change moves the bars, the list and the journal: reload all three.
  const reload = () => {
    replace(usage, usageSection(projectId));
    packages.refresh();
    loadHistory();
  };
  const packages = packageList({
    projectId, idPrefix: 'op',
    actions: (pkg) => [freezeButton(projectId, pkg, reload, show), adjustButton(projectId, pkg, reload, show)],
  });
  const title = h('h1', { tabindex: -1 }, projectId);
  const sub = h('p', { className: 'page-sub' }, 'Usage, packages and history of this project; changes go through the admin API.');
  void api<ProjectInfo>('GET', `/admin/v1/projects/${enc(projectId)}`).then((project) => {
    if (project.name && project.name !== projectId) {
      title.textContent = project.name;
      sub.prepend(h('span', { className: 'mono' }, projectId), ' · ');
    }
  }, () => undefined);
  const grantPanel = h('div', { className: 'panel', id: 'grant-panel', hidden: true },
    h('h3', { className: 'panel-title' }, 'Grant a package'), grantForm(projectId, reload));
  const grantToggle = h('button', { type: 'button', className: 'button', 'aria-expanded': 'false', 'aria-controls': 'grant-panel' }, 'Grant a package');
  grantToggle.addEventListener('click', () => {
    const open = grantPanel.hidden;
    grantPanel.hidden = !open;
    grantToggle.setAttribute('aria-expanded', String(open));
    if (open) (grantPanel.querySelector('select') as HTMLElement | null)?.focus();
  });
  loadHistory();
  return h('div', { className: 'page', 'data-view': 'project', 'data-project-id': projectId },
    h('div', { className: 'page-head' },
      h('p', { className: 'crumbs' }, h('a', { href: '#/operator' }, '← All projects')),
      title, sub),
    usage,
    section('changes', 'Packages', 'Freeze stops a package being drawn from; Adjust changes its amount (with a reason) or its expiry.',
      h('div', {}, grantPanel, report, packages.element), grantToggle),
    records,
    journal);
}
