// The sign-in page: user name and password for a token (IAM's password method), scoped to a project.
import { signIn } from './api.js';
import { field, h, notice, replace } from './dom.js';
import type { Session } from './session.js';

export function signInView(message: string | undefined, onSignedIn: (s: Session) => void): HTMLElement {
  const project = h('input', { id: 'signin-project', name: 'project', required: true, autocomplete: 'organization', spellcheck: 'false' });
  const user = h('input', { id: 'signin-user', name: 'username', required: true, autocomplete: 'username', spellcheck: 'false' });
  const password = h('input', { id: 'signin-password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' });
  const domain = h('input', { id: 'signin-domain', name: 'domain', autocomplete: 'off', spellcheck: 'false' });
  const status = h('div', { className: 'form-status' }, message ? notice('info', message) : null);
  const submit = h('button', { type: 'submit', className: 'button wide' }, 'Sign in');
  const form = h('form', { className: 'signin-form', 'data-testid': 'signin-form' },
    field('Project ID', project),
    field('User name', user),
    field('Password', password),
    field('Domain (optional)', domain, 'Defaults to the project ID, the domain users are created in.'),
    status, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    replace(status, h('p', { className: 'loading' }, 'Signing in…'));
    try {
      const session = await signIn({
        projectId: project.value.trim(), userName: user.value.trim(), password: password.value,
        domain: domain.value.trim() || project.value.trim(),
      });
      onSignedIn(session);
    } catch (err) {
      password.value = '';
      replace(status, notice('error', (err as Error).message));
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return h('div', { className: 'signin', 'data-view': 'sign-in' },
    h('div', { className: 'signin-card card' },
      h('h1', { tabindex: -1 }, 'Sign in'),
      h('p', { className: 'card-intro' }, 'Your resource packages and usage at a glance. Users are created by an operator with ', h('code', {}, 'tenant-ledger user create'), '.'),
      form));
}
