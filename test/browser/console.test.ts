// The console in Debian's Chromium against the real server process: a tenant's bars equal the API's numbers, and an
// operator's grant through the form moves the tenant's bar. Screenshots of both views go to test-artifacts/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, DESKTOP, ensureChromium, launchChromium, PHONE } from '../support/browser.js';
import { startServerProcess, type RunningServer } from '../support/cli.js';
import {
  apiGet, barLocator, expectedLevel, expectedRemaining, readBars, signInByKeyboard, signInToken, signInWithForm, watchErrors,
  type UsageRow,
} from './console-helpers.js';
import { ADMIN_USER, OPS, OTHER, seedPackages, seedUsers, TENANT, TENANT_USER, type Seeded } from './console-seed.js';

interface ResourceList { count: number; resources: Array<UsageRow & { resource_id: string; status: number }> }
interface DailyUsage { days: string[]; series: Array<{ resource_type: string; total: number }> }

let browser: Browser | undefined;
let server: RunningServer;
let dir: string;
let seeded: Seeded;
let tenantToken: string;

beforeAll(async () => {
  const chromium = await ensureChromium();
  if (!chromium) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-console-'));
  const env = { LEDGER_DB: path.join(dir, 'ledger.db'), LEDGER_QUIET: '1' };
  await seedUsers(env);
  server = await startServerProcess([], env);
  seeded = await seedPackages(server.base, await signInToken(server.base, OPS, ADMIN_USER));
  browser = await launchChromium(chromium);
  tenantToken = await signInToken(server.base, TENANT, TENANT_USER);
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function openPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

const usagePath = `/v1/${TENANT}/tenants/resources-usage`;
/** MetaStudio's resource list requires resource_source. */
const ALL_SOURCES = 'resource_source=PURCHASED,SP_ALLOCATED,ADMIN_ALLOCATED';

describe('console: tenant view', { timeout: 180_000 }, () => {
  it('signs in by keyboard and shows one bar per resources-usage row with the API\'s numbers', async (ctx) => {
    if (!browser) return ctx.skip();
    const { context, page, errors } = await openPage(DESKTOP);
    await signInByKeyboard(page, server.base, TENANT, TENANT_USER);
    await page.waitForSelector('[data-testid="usage-bars"]');
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/overview');

    const api = await apiGet<{ resources: UsageRow[] }>(server.base, tenantToken, usagePath);
    const bars = await readBars(page);
    expect(api.resources.length).toBeGreaterThanOrEqual(6);
    expect(bars).toHaveLength(api.resources.length);
    api.resources.forEach((row, i) => {
      const bar = bars[i]!;
      expect(bar.attrs).toEqual({
        'resource-type': row.resource_type, 'business-type': row.business_type, 'sub-resource-type': row.sub_resource_type ?? '',
        'charging-mode': row.charging_mode, 'resource-source': row.resource_source, unit: row.unit,
        amount: String(row.amount), usage: String(row.usage), remaining: expectedRemaining(row), level: expectedLevel(row),
      });
      expect([bar.usageText, bar.amountText, bar.unitText, bar.remainingText]).toEqual([String(row.usage), String(row.amount), row.unit, expectedRemaining(row)]);
    });
    // The exact sums and the colour thresholds are really exercised by the seed.
    expect(bars.find((b) => b.attrs['resource-type'] === 'synthetics_sound_words')?.amountText).toBe('0.3');
    expect(bars.map((b) => b.attrs.level)).toEqual(expect.arrayContaining(['ok', 'warn', 'critical']));
    expect(await page.locator('.usage-bar.level-critical').count()).toBeGreaterThan(0);

    // Expiring in the next 30 days: the same packages the API lists for that window.
    const now = Date.now();
    const window = `${ALL_SOURCES}&resource_expire_start_time=${new Date(now).toISOString()}&resource_expire_end_time=${new Date(now + 30 * 86_400_000).toISOString()}&limit=100`;
    const expiring = await apiGet<ResourceList>(server.base, tenantToken, `/v1/${TENANT}/tenants/resources?${window}`);
    const listed = await page.locator('[data-testid="expiring-list"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-resource-id')));
    expect(listed.sort()).toEqual(expiring.resources.map((r) => r.resource_id).sort());
    expect(listed).toContain(seeded.expiringId);

    // Daily usage: one chart per resource type used, with the API's totals (the reversed record left out).
    const daily = await apiGet<DailyUsage>(server.base, tenantToken, `/v1/${TENANT}/tenants/usage-daily?days=30`);
    expect(daily.days).toHaveLength(30);
    const charts = await page.locator('[data-testid="daily-chart"]').evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-resource-type'), e.getAttribute('data-total')]));
    expect(charts).toEqual(daily.series.filter((s) => s.total > 0).map((s) => [s.resource_type, String(s.total)]));
    expect(daily.series.find((s) => s.resource_type === 'synthetics_sound_words')?.total).toBe(0.07);
    expect(await page.locator('[data-testid="daily-chart"] svg rect.bar').count()).toBeGreaterThanOrEqual(28);

    // The package list, then filtered by resource type.
    const all = await apiGet<ResourceList>(server.base, tenantToken, `/v1/${TENANT}/tenants/resources?${ALL_SOURCES}&limit=20`);
    await expect.poll(() => page.locator('[data-testid="package-row"]').count()).toBe(Math.min(all.count, 20));
    await page.getByLabel('Resource type').selectOption('video_time_2d_model');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const video = await apiGet<ResourceList>(server.base, tenantToken, `/v1/${TENANT}/tenants/resources?${ALL_SOURCES}&resource=video_time_2d_model&limit=20`);
    await expect.poll(() => page.locator('[data-testid="package-row"]').count()).toBe(video.count);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => page.locator('[data-testid="package-row"]').count()).toBe(Math.min(all.count, 20));

    await page.screenshot({ path: artifactPath('tenant-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is readable on a phone-sized window', async (ctx) => {
    if (!browser) return ctx.skip();
    const { context, page, errors } = await openPage(PHONE);
    await signInWithForm(page, server.base, TENANT, TENANT_USER);
    await page.waitForSelector('[data-testid="usage-bars"]');
    await page.waitForSelector('[data-testid="daily-chart"]');
    await page.waitForSelector('[data-testid="package-row"]');
    // Nothing wider than the window: no sideways scrolling on a phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: artifactPath('tenant-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('console: operator view', { timeout: 180_000 }, () => {
  it('lists projects by how close they are to running out; a grant through the form moves the tenant\'s bar', async (ctx) => {
    if (!browser) return ctx.skip();
    const { context, page, errors } = await openPage(DESKTOP);
    await signInWithForm(page, server.base, OPS, ADMIN_USER);
    await page.waitForSelector('[data-testid="project-row"]');
    const order = () => page.locator('[data-testid="project-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-project-id')));
    const shares = await page.locator('[data-testid="project-row"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-share'))));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(await order()).toEqual([TENANT, OTHER, OPS]);
    await page.screenshot({ path: artifactPath('operator-desktop.png'), fullPage: true });
    await page.getByRole('button', { name: 'Project', exact: true }).click();
    expect(await order()).toEqual([TENANT, OPS, OTHER].sort());
    await page.getByLabel('Sort by').selectOption('share');
    expect(await order()).toEqual([TENANT, OTHER, OPS]);

    await page.getByRole('link', { name: 'Acme Studio' }).click();
    await page.waitForSelector('[data-view="project"] [data-testid="usage-bars"]');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Acme Studio');
    const key = { resource_type: 'video_time_2d_model', business_type: 'VIDEO_2D', charging_mode: 'ONE_TIME', resource_source: 'ADMIN_ALLOCATED' };
    const before = await apiGet<{ resources: UsageRow[] }>(server.base, tenantToken, usagePath);
    const rowBefore = before.resources.find((r) => r.resource_type === key.resource_type && r.resource_source === key.resource_source)!;
    expect(await barLocator(page, key).getAttribute('data-amount')).toBe(String(rowBefore.amount));

    await page.getByRole('button', { name: 'Grant a package' }).click();
    const form = page.locator('[data-testid="grant-form"]');
    await form.getByLabel('Resource type').selectOption('video_time_2d_model|VIDEO_2D');
    await form.getByLabel('Amount').fill('250');
    await form.getByLabel('Source', { exact: true }).selectOption('ADMIN_ALLOCATED');
    await form.getByRole('button', { name: 'Grant package' }).click();
    await expect.poll(() => form.locator('.notice-success').count()).toBe(1);
    const expectedAmount = String(rowBefore.amount + 250);
    await expect.poll(() => barLocator(page, key).getAttribute('data-amount')).toBe(expectedAmount);
    const after = await apiGet<{ resources: UsageRow[] }>(server.base, tenantToken, usagePath);
    expect(String(after.resources.find((r) => r.resource_type === key.resource_type && r.resource_source === key.resource_source)!.amount)).toBe(expectedAmount);

    // Freeze the package that expires soon: it leaves the bars and shows as frozen in the list.
    const row = page.locator(`tr[data-resource-id="${seeded.expiringId}"]`);
    await row.getByRole('button', { name: /^Freeze/ }).click();
    await expect.poll(() => row.locator('.pill').textContent()).toBe('Frozen');
    const frozen = await apiGet<ResourceList>(server.base, tenantToken, `/v1/${TENANT}/tenants/resources?${ALL_SOURCES}&resource_id=${seeded.expiringId}`);
    expect(frozen.resources[0]!.status).toBe(1);
    await expect.poll(() => page.locator('[data-testid="usage-bar"][data-resource-type="voice_clone_middle"]').count()).toBe(0);

    // Adjust the amount of another through the dialog, by keyboard.
    const voice = before.resources.find((r) => r.resource_type === 'voice_clone_basic')!;
    const list = await apiGet<ResourceList>(server.base, tenantToken, `/v1/${TENANT}/tenants/resources?${ALL_SOURCES}&resource=voice_clone_basic`);
    const voiceId = list.resources[0]!.resource_id;
    await page.locator(`tr[data-resource-id="${voiceId}"]`).getByRole('button', { name: /^Adjust/ }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel(/^Amount/).fill('12');
    await dialog.getByLabel(/^Reason/).fill('goodwill after an outage');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('dialog').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="usage-bar"][data-resource-type="voice_clone_basic"]').getAttribute('data-amount')).toBe('12');
    expect(voice.amount).toBe(10);
    await page.waitForSelector('[data-testid="journal-table"]');
    await page.screenshot({ path: artifactPath('operator-project-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();

    // The tenant, signed in on its own, sees the same new numbers.
    const tenant = await openPage(DESKTOP);
    await signInWithForm(tenant.page, server.base, TENANT, TENANT_USER);
    await tenant.page.waitForSelector('[data-testid="usage-bars"]');
    expect(await barLocator(tenant.page, key).getAttribute('data-amount')).toBe(expectedAmount);
    await tenant.context.close();
  });

  it('is readable on a phone-sized window', async (ctx) => {
    if (!browser) return ctx.skip();
    const { context, page, errors } = await openPage(PHONE);
    await signInWithForm(page, server.base, OPS, ADMIN_USER);
    await page.waitForSelector('[data-testid="project-row"]');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: artifactPath('operator-phone.png'), fullPage: true });
    await page.getByRole('link', { name: 'Acme Studio' }).click();
    await page.waitForSelector('[data-testid="package-row"]');
    await page.waitForSelector('[data-testid="journal-table"]');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: artifactPath('operator-project-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
