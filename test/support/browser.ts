// Browser fixture: Debian's Chromium (installed with apt-get when missing and running as root), driven by playwright-core.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Playwright refuses --user-data-dir here (it manages the profile itself). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const LOCK = path.join(os.tmpdir(), 'tenant-ledger-chromium-install.lock');

function warnLoudly(reason: string): void {
  // Under CI (.ci/run sets CI) the console must be tested: a missing browser is a failure, not a skip.
  if (process.env.CI) throw new Error(`browser suite cannot run: ${reason}`);
  const line = '!'.repeat(78);
  process.stderr.write(`\n${line}\n!!! BROWSER SUITE DID NOT RUN: ${reason}\n!!! Install Debian's chromium (apt-get install -y chromium) or run the tests as root.\n${line}\n\n`);
}

function run(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

/** One installer at a time across test workers: the others wait for the lock, then find the browser there. */
async function withInstallLock<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * The path of Debian's Chromium, installing it with apt-get when it is missing and we are root; undefined (after a
 * loud warning) when it cannot be had. Never a browser downloaded by Playwright.
 */
export async function ensureChromium(): Promise<string | undefined> {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    warnLoudly(`${CHROMIUM} is missing and the tests do not run as root, so it cannot be installed`);
    return undefined;
  }
  await withInstallLock(() => {
    if (fs.existsSync(CHROMIUM)) return;
    process.stderr.write(`${CHROMIUM} is missing: installing Debian's chromium with apt-get (a few minutes)\n`);
    if (!run('apt-get', ['update'])) return;
    run('apt-get', ['install', '-y', 'chromium']);
  });
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  warnLoudly(`apt-get could not install chromium (see the output above)`);
  return undefined;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ARGS, headless: true });
}

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

export const DESKTOP = { width: 1280, height: 800 };
/** A common phone size (iPhone 12-15 in CSS pixels). */
export const PHONE = { width: 390, height: 844 };
