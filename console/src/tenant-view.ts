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
    h('div', { className: 'grid-2' }, expiringSection(projectId), dailySection(projectId)),
    section('packages', 'Packages', 'Every package of the project, including expired, frozen and pay-per-use ones.', packageList({ projectId, idPrefix: 'pk' }).element));
}
