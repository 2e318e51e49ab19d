// Helpers of the console tests: the API's own answers (through a token, as the console gets them) and what the page shows.
import type { Page } from 'playwright-core';
import { formatQuantity, parseQuantity } from '../../src/domain/quantity.js';

export interface UsageRow {
  resource_type: string;
  business_type: string;
  sub_resource_type?: string;
  charging_mode: string;
  resource_source: string;
  amount: number;
  usage: number;
  unit: string;
}

export async function signInToken(base: string, project: string, user: { name: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/v3/auth/tokens`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: {
      identity: { methods: ['password'], password: { user: { name: user.name, password: user.password, domain: { name: project } } } },
      scope: { project: { id: project } },
    } }),
  });
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('x-subject-token')!;
}

export async function apiGet<T>(base: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { 'X-Auth-Token': token } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Computed with the server's own exact arithmetic, independently of the console's. */
export function expectedRemaining(row: UsageRow): string {
  return formatQuantity(parseQuantity(row.amount, 'amount') - parseQuantity(row.usage, 'usage'));
}

export function expectedLevel(row: UsageRow): string {
  const a = parseQuantity(row.amount, 'amount');
  const u = parseQuantity(row.usage, 'usage');
  if (a > 0n && u * 100n > a * 95n) return 'critical';
  if (a > 0n && u * 100n > a * 80n) return 'warn';
  return 'ok';
}

export interface BarOnPage {
  attrs: Record<string, string | null>;
  usageText: string;
  amountText: string;
  remainingText: string;
  unitText: string;
}

const ATTRS = ['resource-type', 'business-type', 'sub-resource-type', 'charging-mode', 'resource-source', 'unit', 'amount', 'usage', 'remaining', 'level'];

/** Every usage bar, in page order: its data attributes and the numbers written in it. */
export async function readBars(page: Page, scope = 'body'): Promise<BarOnPage[]> {
  const bars = page.locator(`${scope} [data-testid="usage-bar"]`);
  const out: BarOnPage[] = [];
  for (const bar of await bars.all()) {
    const attrs: Record<string, string | null> = {};
    for (const a of ATTRS) attrs[a] = await bar.getAttribute(`data-${a}`);
    const text = async (field: string) => (await bar.locator(`[data-field="${field}"]`).textContent())?.trim() ?? '';
    out.push({ attrs, usageText: await text('usage'), amountText: await text('amount'), remainingText: await text('remaining'), unitText: await text('unit') });
  }
  return out;
}

/** The bar of one resources-usage row, found by its grouping key. */
export function barLocator(page: Page, row: Pick<UsageRow, 'resource_type' | 'business_type' | 'charging_mode' | 'resource_source'>) {
  return page.locator(`[data-testid="usage-bar"][data-resource-type="${row.resource_type}"][data-business-type="${row.business_type}"]`
    + `[data-charging-mode="${row.charging_mode}"][data-resource-source="${row.resource_source}"]`);
}

/** Signs in through the form with the keyboard only: Tab between the fields, Enter to submit. */
export async function signInByKeyboard(page: Page, base: string, project: string, user: { name: string; password: string }): Promise<void> {
  await page.goto(`${base}/console/`);
  await page.waitForSelector('[data-testid="signin-form"]');
  await page.keyboard.press('Tab');
  await page.keyboard.type(project);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
}

export async function signInWithForm(page: Page, base: string, project: string, user: { name: string; password: string }): Promise<void> {
  await page.goto(`${base}/console/`);
  await page.getByLabel('Project ID').fill(project);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Collects page errors and console errors (a CSP violation shows as one), to be asserted empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  return errors;
}
