// The metering and admin CLI twins on a real database file, including ledger check catching a tampered row.
import Database from 'better-sqlite3';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli } from '../support/cli.js';
import { newProjectId, tempDir } from '../support/ledger.js';

let db: string;
let projectId: string;
let resourceId: string;
const env = () => ({ LEDGER_DB: db });

beforeAll(async () => {
  db = path.join(tempDir(), 'ledger.db');
  projectId = newProjectId();
  await cliJson(['project', 'create', projectId], env());
  resourceId = (await cliJson<{ resource_id: string }>(['package', 'grant', projectId, '--resource-type', 'video_time_2d_model', '--amount', '10'], env())).resource_id;
});

describe('tenant-ledger metering commands', () => {
  it('records once, replays, reverses and lists', async () => {
    const args = ['usage', 'record', projectId, '--record-id', 'job-1', '--resource-type', 'video_time_2d_model', '--quantity', '4'];
    expect(await cliJson(args, env())).toMatchObject({ record_id: 'job-1', quantity: 4, replayed: false, allocations: [{ resource_id: resourceId, quantity: 4 }] });
    expect(await cliJson(args, env())).toMatchObject({ replayed: true });
    const refused = await runCli(['usage', 'record', projectId, '--record-id', 'job-2', '--resource-type', 'video_time_2d_model', '--quantity', '7'], env());
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('only 6 is available');
    const list = await cliJson<{ usage_records: Array<{ record_id: string }> }>(['usage', 'list', projectId], env());
    expect(list.usage_records.map((r) => r.record_id)).toEqual(['job-1']);
    expect(await cliJson(['usage', 'reverse', projectId, 'job-1'], env())).toMatchObject({ status: 'reversed', replayed: false });
    expect(await cliJson(['usage', 'reverse', projectId, 'job-1'], env())).toMatchObject({ status: 'reversed', replayed: true });
    const shown = await cliJson<{ resources: Array<{ usage: number }> }>(['usage', 'show', projectId, '--json'], env());
    expect(shown.resources[0]!.usage).toBe(0);
  });

  it('freezes, unfreezes and adjusts packages, and the journal shows each change', async () => {
    expect(await cliJson(['package', 'freeze', projectId, resourceId], env())).toMatchObject({ status: 1 });
    const frozen = await runCli(['usage', 'record', projectId, '--record-id', 'while-frozen', '--resource-type', 'video_time_2d_model', '--quantity', '1'], env());
    expect(frozen.code).toBe(6);
    expect(await cliJson(['package', 'unfreeze', projectId, resourceId], env())).toMatchObject({ status: 0 });
    expect((await runCli(['package', 'adjust', projectId, resourceId, '--amount', '20'], env())).code).toBe(2);
    expect(await cliJson(['package', 'adjust', projectId, resourceId, '--amount', '20', '--reason', 'bonus'], env())).toMatchObject({ amount: 20 });
    const journal = await cliJson<{ entries: Array<{ kind: string }> }>(['journal', projectId, '--resource-id', resourceId], env());
    expect(journal.entries.map((e) => e.kind)).toEqual(['adjusted', 'unfrozen', 'frozen', 'reversed', 'consumed', 'granted']);
  });

  it('sets pay-per-use overflow on a project and revokes credentials', async () => {
    expect(await cliJson(['project', 'set', projectId, '--on-demand-overflow', 'video_time_2d_model'], env())).toMatchObject({ on_demand_overflow: ['video_time_2d_model'] });
    const rec = await cliJson(['usage', 'record', projectId, '--record-id', 'big', '--resource-type', 'video_time_2d_model', '--quantity', '25'], env());
    expect(rec).toMatchObject({ overflow_quantity: 5 });
    const cred = await cliJson<{ access_key: string }>(['credential', 'create', projectId], env());
    expect(await cliJson(['credential', 'revoke', cred.access_key], env())).toMatchObject({ status: 'disabled' });
    expect((await runCli(['credential', 'revoke', 'NOPE'], env())).code).toBe(3);
  });

  it('ledger check is clean, then catches a package row that no longer matches its journal', async () => {
    expect(await cliJson(['ledger', 'check'], env())).toMatchObject({ ok: true, mismatches: [], overdrawn_packages: 0 });
    const raw = new Database(db);
    raw.prepare('UPDATE packages SET usage = usage - 1000000 WHERE resource_id = ?').run(resourceId);
    raw.close();
    const r = await runCli(['ledger', 'check'], env());
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, mismatches: [{ resource_id: resourceId, usage: '19', journal_usage: '20' }] });
  });
});
