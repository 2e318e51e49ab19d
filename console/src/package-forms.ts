// The operator's forms over the admin API: grant a package, freeze or unfreeze one, adjust its amount or expiry.
import { api, enc, loadCatalog } from './api.js';
import { chargingModes, resourceSources, type ResourceItem } from './api-types.js';
import { field, h, notice, replace, select } from './dom.js';
import { humanize, rowTitle } from './format.js';

/** A date input means the end of that UTC day: "expires on 2026-03-31" keeps the package usable all that day. */
function endOfDay(date: string): string {
  return `${date}T23:59:59Z`;
}

export function grantForm(projectId: string, onDone: () => void): HTMLElement {
  const type = select('grant-type', [['', 'Choose a resource type']]);
  type.required = true;
  void loadCatalog().then((catalog) => {
    for (const c of catalog) type.append(h('option', { value: `${c.name}|${c.business_type}` }, `${c.name} — ${c.business_type}, ${c.unit}`));
  });
  const amount = h('input', { id: 'grant-amount', name: 'amount', required: true, inputmode: 'decimal', autocomplete: 'off', pattern: '\\d+(\\.\\d{1,6})?' });
  const mode = select('grant-mode', chargingModes.map((m): [string, string] => [m, humanize(m)]));
  const source = select('grant-source', resourceSources.map((m): [string, string] => [m, humanize(m)]), 'ADMIN_ALLOCATED');
  const expires = h('input', { id: 'grant-expires', name: 'expires', type: 'date' });
  const order = h('input', { id: 'grant-order', name: 'order', maxlength: 64, autocomplete: 'off' });
  const status = h('div', { className: 'form-status' });
  const submit = h('button', { type: 'submit', className: 'button' }, 'Grant package');
  const form = h('form', { className: 'form-grid', 'data-testid': 'grant-form', 'aria-label': 'Grant a package' },
    field('Resource type', type),
    field('Amount', amount, 'Up to 6 decimals, in the type’s unit.'),
    field('Charging mode', mode),
    field('Source', source),
    field('Expires on (UTC)', expires, 'Empty: a year for one-time, a month for periodic.'),
    field('Order id (optional)', order),
    h('div', { className: 'form-actions' }, submit),
    status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [resourceType, businessType] = type.value.split('|');
    submit.disabled = true;
    replace(status);
    try {
      const pkg = await api<ResourceItem>('POST', `/admin/v1/projects/${enc(projectId)}/packages`, {
        resource_type: resourceType, business_type: businessType, amount: amount.value.trim(),
        charging_mode: mode.value, resource_source: source.value,
        ...(expires.value ? { expire_time: endOfDay(expires.value) } : {}),
        ...(order.value.trim() ? { order_id: order.value.trim() } : {}),
      });
      replace(status, notice('success', `Granted ${pkg.amount} ${pkg.unit} of ${rowTitle(pkg)} (${pkg.resource_id}).`));
      amount.value = '';
      order.value = '';
      onDone();
    } catch (err) {
      replace(status, notice('error', `Not granted: ${(err as Error).message}`));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export function freezeButton(projectId: string, pkg: ResourceItem, refresh: () => void, report: (el: HTMLElement) => void): HTMLElement {
  const frozen = pkg.status === 1;
  const button = h('button', { type: 'button', className: 'button small secondary', 'data-action': frozen ? 'unfreeze' : 'freeze' },
    frozen ? 'Unfreeze' : 'Freeze', h('span', { className: 'visually-hidden' }, ` ${pkg.resource_id}`));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('PATCH', `/admin/v1/projects/${enc(projectId)}/packages/${enc(pkg.resource_id)}`, { status: frozen ? 0 : 1 });
      report(notice('success', `${frozen ? 'Unfroze' : 'Froze'} ${pkg.resource_id}.`));
      refresh();
    } catch (err) {
      report(notice('error', `Could not change ${pkg.resource_id}: ${(err as Error).message}`));
      button.disabled = false;
    }
  });
  return button;
}

/** What the adjust form changes: the amount (with its reason) and the expiry, each only when it differs. */
function adjustBody(pkg: ResourceItem, amount: string, reason: string, expiresOn: string, never: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (amount !== String(pkg.amount)) Object.assign(body, { amount, ...(reason ? { reason } : {}) });
  const wanted = never ? null : expiresOn || undefined;
  const current = pkg.resource_expire_time?.slice(0, 10) ?? null;
  if (wanted !== undefined && wanted !== current) body.expire_time = wanted === null ? null : endOfDay(wanted);
  return body;
}

/** A modal dialog: showModal() keeps keyboard focus inside it, Escape closes it, and focus returns to the button. */
function openAdjustDialog(projectId: string, pkg: ResourceItem, opener: HTMLElement, onSaved: () => void): void {
  const amount = h('input', { id: 'adjust-amount', value: String(pkg.amount), inputmode: 'decimal', required: true, autocomplete: 'off' });
  const reason = h('input', { id: 'adjust-reason', maxlength: 1000, autocomplete: 'off' });
  const expires = h('input', { id: 'adjust-expires', type: 'date', value: pkg.resource_expire_time?.slice(0, 10) ?? '' });
  const never = h('input', { id: 'adjust-never', type: 'checkbox', checked: pkg.resource_expire_time === undefined });
  const status = h('div', { className: 'form-status' });
  const cancel = h('button', { type: 'button', className: 'button secondary' }, 'Cancel');
  const form = h('form', { className: 'dialog-form' },
    h('h2', { id: 'adjust-title' }, `Adjust ${rowTitle(pkg)}`), h('p', { className: 'cell-sub mono' }, pkg.resource_id),
    field(`Amount (${pkg.unit})`, amount, `${pkg.usage} is used; the amount cannot go below it.`),
    field('Reason (needed when the amount changes)', reason),
    field('Expires on (UTC)', expires),
    h('div', { className: 'field checkbox' }, never, h('label', { for: 'adjust-never' }, 'Never expires')),
    status,
    h('div', { className: 'form-actions' }, h('button', { type: 'submit', className: 'button' }, 'Save'), cancel));
  const dialog = h('dialog', { className: 'dialog', 'aria-labelledby': 'adjust-title' }, form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { dialog.remove(); opener.focus(); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = adjustBody(pkg, amount.value.trim(), reason.value.trim(), expires.value, never.checked);
    if (Object.keys(body).length === 0) return dialog.close();
    try {
      await api('PATCH', `/admin/v1/projects/${enc(projectId)}/packages/${enc(pkg.resource_id)}`, body);
      dialog.close();
      onSaved();
    } catch (err) {
      replace(status, notice('error', (err as Error).message));
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  amount.focus();
}

export function adjustButton(projectId: string, pkg: ResourceItem, refresh: () => void, report: (el: HTMLElement) => void): HTMLElement {
  const button = h('button', { type: 'button', className: 'button small secondary', 'data-action': 'adjust' },
    'Adjust', h('span', { className: 'visually-hidden' }, ` ${pkg.resource_id}`));
  button.addEventListener('click', () => openAdjustDialog(projectId, pkg, button, () => {
    report(notice('success', `Adjusted ${pkg.resource_id}.`));
    refresh();
  }));
  return button;
}
