// tenant-ledger user ... and audit: passwords only on standard input, exit codes, and the audit trail.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli } from '../support/cli.js';
import { newProjectId, tempDir } from '../support/ledger.js';

let env: Record<string, string>;
let projectId: string;

beforeAll(async () => {
  env = { LEDGER_DB: path.join(tempDir(), 'ledger.db'), LEDGER_QUIET: '1' };
  projectId = newProjectId();
  await cliJson(['project', 'create', projectId], env);
});

describe('tenant-ledger user', () => {
  it('creates a user from a password on standard input and never prints it', async () => {
    const r = await runCli(['user', 'create', projectId, 'alice', '--role', 'admin', '--password-stdin'], env, 'stdin password 1\n');
    expect(r.code, r.stderr).toBe(0);
    const user = JSON.parse(r.stdout);
    expect(user).toMatchObject({ name: 'alice', project_id: projectId, role: 'admin', status: 'active', domain: { name: projectId } });
    expect(r.stdout).not.toContain('stdin password 1');
    expect(r.stdout).not.toContain('scrypt');
  });

  it('refuses a password as an argument, an empty one, a duplicate and an unknown project with the usual exit codes', async () => {
    expect((await runCli(['user', 'create', projectId, 'bob'], env)).code).toBe(2);
    expect((await runCli(['user', 'create', projectId, 'bob', '--password-stdin'], env, '\n')).code).toBe(2);
    expect((await runCli(['user', 'create', projectId, 'alice', '--password-stdin'], env, 'stdin password 2')).code).toBe(5);
    expect((await runCli(['user', 'create', newProjectId(), 'bob', '--password-stdin'], env, 'stdin password 2')).code).toBe(3);
    expect((await runCli(['user', 'disable', projectId, 'nobody'], env)).code).toBe(3);
  });

  it('disables, enables and changes a password', async () => {
    expect((await cliJson(['user', 'disable', projectId, 'alice'], env)).status).toBe('disabled');
    expect((await cliJson(['user', 'enable', projectId, 'alice'], env)).status).toBe('active');
    const r = await runCli(['user', 'passwd', projectId, 'alice', '--password-stdin'], env, 'a brand new password');
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('tenant-ledger audit', () => {
  it('lists every change newest first with actor, time and source, filtered by project and paged', async () => {
    await cliJson(['credential', 'create', projectId], env);
    const { entries } = await cliJson<{ entries: Array<Record<string, any>> }>(['audit', '--project', projectId], env);
    expect(entries.map((e) => e.action)).toEqual(['credential.create', 'user.passwd', 'user.enable', 'user.disable', 'user.create', 'project.create']);
    for (const e of entries) {
      expect(e).toMatchObject({ project_id: projectId, actor: expect.stringMatching(/^operator:/), source_address: 'cli' });
      expect(Date.parse(e.created_at)).not.toBeNaN();
      expect(JSON.stringify(e.detail)).not.toMatch(/password [0-9]|brand new/);
    }
    const page = await cliJson<{ entries: unknown[]; next_marker?: string }>(['audit', '--project', projectId, '--limit', '2'], env);
    expect(page.entries).toHaveLength(2);
    const rest = await cliJson<{ entries: unknown[] }>(['audit', '--project', projectId, '--marker', page.next_marker!], env);
    expect(rest.entries).toHaveLength(4);
    const other = newProjectId();
    await cliJson(['project', 'create', other], env);
    const all = await cliJson<{ entries: Array<{ project_id: string }> }>(['audit'], env);
    expect(new Set(all.entries.map((e) => e.project_id))).toEqual(new Set([projectId, other]));
  });
});
