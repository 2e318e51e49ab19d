// The console's entry point: a hash router over the sign-in page, the tenant overview and the operator pages.
import { setUnauthenticatedHandler } from './api.js';
import { h, replace } from './dom.js';
import { operatorView } from './operator-view.js';
import { projectPage } from './project-page.js';
import { clearSession, loadSession, type Session } from './session.js';
import { signInView } from './sign-in.js';
import { tenantView } from './tenant-view.js';

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
let pendingMessage: string | undefined;

function go(hash: string): void {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function navLink(href: string, text: string, current: boolean): HTMLElement {
  return h('a', { href, className: 'nav-link', 'aria-current': current ? 'page' : undefined }, text);
}

function renderNav(session: Session | undefined, route: string): void {
  if (!session) {
    replace(nav);
    return;
  }
  const signOut = h('button', { type: 'button', className: 'button small ghost', 'data-testid': 'sign-out' }, 'Sign out');
  signOut.addEventListener('click', () => {
    clearSession();
    pendingMessage = 'You are signed out.';
    go('#/sign-in');
  });
  replace(nav,
    h('div', { className: 'nav-links' },
      navLink('#/overview', 'Overview', route === 'overview'),
      session.role === 'admin' ? navLink('#/operator', 'Projects', route === 'operator') : null),
    h('div', { className: 'nav-user' },
      h('span', { className: 'who' }, h('strong', {}, session.userName), h('span', { className: 'who-sub' }, `${session.role} · ${session.projectId}`)),
      signOut));
}

function render(): void {
  const session = loadSession();
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  let route = parts[0] ?? '';
  if (!session && route !== 'sign-in') {
    go('#/sign-in');
    return;
  }
  if (session && (route === '' || route === 'sign-in')) {
    go(session.role === 'admin' ? '#/operator' : '#/overview');
    return;
  }
  let view: HTMLElement;
  if (!session) {
    view = signInView(pendingMessage, (s) => go(s.role === 'admin' ? '#/operator' : '#/overview'));
    pendingMessage = undefined;
  } else if (route === 'operator' && session.role === 'admin') {
    view = parts[1] === 'projects' && parts[2] ? projectPage(parts[2]) : operatorView();
  } else {
    route = 'overview';
    view = tenantView(session);
  }
  renderNav(session, route);
  document.body.dataset.route = route;
  replace(main, view);
  // Move focus to the new page's heading, as a full page load would, so keyboard and screen-reader users start there.
  (main.querySelector('h1') as HTMLElement | null)?.focus();
}

setUnauthenticatedHandler((message) => {
  pendingMessage = message;
  go('#/sign-in');
});
window.addEventListener('hashchange', render);
render();
