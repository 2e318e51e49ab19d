// The operator's list of every project with its most-used resource, sortable by how close each is to running out.
import { api, enc, query } from './api.js';
import type { ProjectInfo, UsageRow } from './api-types.js';
import { formatPermille, level, permille, remaining } from './decimal.js';
import { field, h, notice, replace, select } from './dom.js';
import { rowTitle } from './format.js';
import { section } from './sections.js';
import { usageMeter } from './usage-bars.js';

interface ProjectSummary {
  project: ProjectInfo;
  /** The row with the highest used share; undefined when nothing is in effect. */
  top?: UsageRow;
  share: number;
  error?: string;
}

type SortKey = 'share' | 'project';

async function allProjects(): Promise<ProjectInfo[]> {
  const projects: ProjectInfo[] = [];
  let marker: string | undefined;
  do {
    const page = await api<{ projects: ProjectInfo[]; next_marker?: string }>('GET', `/admin/v1/projects${query({ limit: 1000, marker })}`);
    projects.push(...page.projects);
    marker = page.next_marker;
  } while (marker);
  return projects;
}

/** Most used = the highest used share (not the largest quantity: units differ); a tie goes to the first row in API order. */
export function mostUsed(rows: UsageRow[]): { top?: UsageRow; share: number } {
  let top: UsageRow | undefined;
  let share = -1;
  for (const r of rows) {
    const p = permille(r.amount, r.usage);
    if (r.amount > 0 && p > share) {
      top = r;
      share = p;
    }
  }
  return { top, share: top ? share : -1 };
}

/** A few requests at a time: enough to be quick, few enough not to trip the per-user rate limit. */
async function summarise(projects: ProjectInfo[]): Promise<ProjectSummary[]> {
  const out: ProjectSummary[] = new Array(projects.length);
  let next = 0;
  const worker = async () => {
    while (next < projects.length) {
      const i = next++;
      const project = projects[i]!;
      try {
        const { resources } = await api<{ resources: UsageRow[] }>('GET', `/v1/${enc(project.project_id)}/tenants/resources-usage`);
        out[i] = { project, ...mostUsed(resources) };
      } catch (err) {
        out[i] = { project, share: -1, error: (err as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

function sortSummaries(list: ProjectSummary[], key: SortKey): ProjectSummary[] {
  return [...list].sort((a, b) => key === 'share'
    ? b.share - a.share || a.project.project_id.localeCompare(b.project.project_id)
    : a.project.project_id.localeCompare(b.project.project_id));
}

function summaryRow(s: ProjectSummary): HTMLElement {
  const href = `#/operator/projects/${enc(s.project.project_id)}`;
  const top = s.top;
  return h('tr', { 'data-testid': 'project-row', 'data-project-id': s.project.project_id, 'data-share': String(s.share) },
    h('th', { scope: 'row', 'data-label': 'Project' },
      h('a', { href, className: 'cell-title' }, s.project.name || s.project.project_id),
      h('span', { className: 'cell-sub mono' }, s.project.project_id),
      s.project.status === 'disabled' ? h('span', { className: 'pill pill-frozen' }, 'Disabled') : null),
    h('td', { 'data-label': 'Most used', className: 'cell-usage' }, s.error ? notice('error', s.error) : top
      ? h('div', { className: `project-top level-${level(top.amount, top.usage)}` },
        h('span', { className: 'project-top-head' }, h('span', {}, rowTitle(top)), h('strong', {}, formatPermille(s.share))),
        usageMeter(top, `${rowTitle(top)} used in ${s.project.project_id}`),
        h('span', { className: 'cell-sub' }, `${top.usage} of ${top.amount} ${top.unit} used · ${remaining(top.amount, top.usage)} left`))
      : h('span', { className: 'cell-sub' }, 'No packages in effect')));
}

export function operatorView(): HTMLElement {
  let key: SortKey = 'share';
  let summaries: ProjectSummary[] = [];
  const body = h('div', { className: 'async', 'aria-live': 'polite' }, h('p', { className: 'loading' }, 'Loading projects…'));
  // The column headers sort too, but a phone hides them: this control is there at every width.
  const sortBy = select('project-sort', [['share', 'Closest to running out'], ['project', 'Project ID']]);
  sortBy.addEventListener('change', () => { key = sortBy.value as SortKey; render(); });

  const header = (label: string, k: SortKey) => {
    const button = h('button', { type: 'button', className: 'sort' }, label, h('span', { 'aria-hidden': 'true', className: 'sort-mark' }, key === k ? ' ▾' : ''));
    button.addEventListener('click', () => { key = k; sortBy.value = k; render(); (body.querySelector(`[data-sort="${k}"] button`) as HTMLElement | null)?.focus(); });
    return h('th', { scope: 'col', 'aria-sort': key === k ? (k === 'share' ? 'descending' : 'ascending') : 'none', 'data-sort': k }, button);
  };

  const render = () => {
    if (summaries.length === 0) {
      replace(body, h('p', { className: 'empty' }, 'No projects yet. Create one with `tenant-ledger project create`.'));
      return;
    }
    replace(body, h('div', { className: 'table-wrap' }, h('table', { className: 'table responsive', 'data-testid': 'project-table' },
      h('caption', { className: 'visually-hidden' }, 'Projects, sortable'),
      h('thead', {}, h('tr', {}, header('Project', 'project'), header('Most used resource (closest to running out first)', 'share'))),
      h('tbody', {}, ...sortSummaries(summaries, key).map(summaryRow)))));
  };

  allProjects().then(summarise).then((list) => { summaries = list; render(); },
    (err: Error) => replace(body, notice('error', `Could not load the projects: ${err.message}`)));

  return h('div', { className: 'page', 'data-view': 'operator' },
    h('div', { className: 'page-head' }, h('h1', { tabindex: -1 }, 'Projects'),
      h('p', { className: 'page-sub' }, 'Every tenant with the resource it has used the largest share of. Open a project to grant, freeze or adjust its packages.')),
    section('projects', 'All projects', null, body, h('div', { className: 'sort-control' }, field('Sort by', sortBy))));
}
