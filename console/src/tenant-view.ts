// The tenant's page: its resources at a glance, what expires soon, daily usage and the package list.
import { h } from './dom.js';
import { packageList } from './package-list.js';
import { dailySection, expiringSection, section, usageSection } from './sections.js';
import type { Session } from './session.js';

export function tenantView(session: Session, projectId = session.projectId): HTMLElement {
  return h('div', { className: 'page', 'data-view': 'tenant' },
    h('div', { className: 'page-head' },
      h('h1', { tabindex: -1 }, 'Overview'),
      h('p', { className: 'page-sub' }, `Project ${session.projectName && session.projectName !== projectId ? `${session.projectName} · ` : ''}`, h('span', { className: 'mono' }, projectId))),
    usageSection(projectId),
    h('div', { className: 'grid-1-2' }, expiringSection(projectId), dailySection(projectId)),
    section('packages', 'Packages', 'The project’s one-time and periodic packages, expired and frozen ones included (the tenant API lists no pay-per-use packages).', packageList({ projectId, idPrefix: 'pk' }).element));
}
