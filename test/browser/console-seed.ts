// Seeds a ledger for the console tests: projects and users through the real CLI, then packages and a month of usage
// through the admin API with the admin user's token (one process start per CLI call would make the suite slow).
import { runCli } from '../support/cli.js';

export const TENANT = 'acme-studio';
export const OTHER = 'zephyr-media';
export const OPS = 'ops';
export const TENANT_USER = { name: 'alice', password: 'alice-password-1' };
export const ADMIN_USER = { name: 'root', password: 'root-password-1' };

const DAY = 86_400_000;
const iso = (offsetDays: number, now = Date.now()) => new Date(now + offsetDays * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function cli(args: string[], env: Record<string, string>, input?: string): Promise<void> {
  const r = await runCli(args, env, input);
  if (r.code !== 0) throw new Error(`tenant-ledger ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
}

export async function seedUsers(env: Record<string, string>): Promise<void> {
  await cli(['project', 'create', TENANT, '--name', 'Acme Studio'], env);
  await cli(['project', 'create', OTHER, '--name', 'Zephyr Media'], env);
  await cli(['project', 'create', OPS, '--name', 'Operations'], env);
  await cli(['user', 'create', TENANT, TENANT_USER.name, '--password-stdin'], env, `${TENANT_USER.password}\n`);
  await cli(['user', 'create', OPS, ADMIN_USER.name, '--role', 'admin', '--password-stdin'], env, `${ADMIN_USER.password}\n`);
}

export interface Seeded {
  expiringId: string;
}

export async function seedPackages(base: string, adminToken: string): Promise<Seeded> {
  const call = async <T>(method: string, path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method, headers: { 'X-Auth-Token': adminToken, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const grant = async (project: string, body: Record<string, unknown>) =>
    (await call<{ resource_id: string }>('POST', `/admin/v1/projects/${project}/packages`, body)).resource_id;

  // Effective 40 days ago so that usage can be recorded on each of the last 30 days.
  const past = { effective_time: iso(-40) };
  await grant(TENANT, { resource_type: 'video_time_2d_model', amount: 600, resource_source: 'ADMIN_ALLOCATED', ...past });
  await grant(TENANT, { resource_type: 'video_time_2d_model', amount: '120.25', usage: '20.125', resource_source: 'PURCHASED', ...past });
  // Three packages of 0.1: the bar must say 0.3, not 0.30000000000000004.
  for (let i = 0; i < 3; i++) await grant(TENANT, { resource_type: 'synthetics_sound_words', amount: '0.1', usage: '0.05', ...past });
  await grant(TENANT, { resource_type: 'voice_clone_basic', amount: 10, usage: '8.5', ...past });
  await grant(TENANT, { resource_type: 'modeling_count_2d_model', amount: 20, usage: '19.5', ...past });
  const expiringId = await grant(TENANT, { resource_type: 'voice_clone_middle', amount: 5, usage: 1, expire_time: iso(12), ...past });
  await grant(TENANT, { resource_type: 'asset_storage', amount: 100, usage: 40, charging_mode: 'PERIODIC', expire_time: iso(25), ...past });
  const frozen = await grant(TENANT, { resource_type: 'video_time_picture_2d', amount: 50, ...past });
  await call('PATCH', `/admin/v1/projects/${TENANT}/packages/${frozen}`, { status: 1 });

  // A month of daily usage, a different amount each day, plus one reversed record that must not count.
  const records: Array<Record<string, unknown>> = [];
  for (let d = 0; d < 28; d += 1) {
    records.push({ project_id: TENANT, record_id: `video-${d}`, resource_type: 'video_time_2d_model',
      quantity: 3 + ((d * 7) % 11) + (d % 3) * 0.5, occurred_at: iso(-d - 0.01) });
    if (d % 4 === 0) {
      records.push({ project_id: TENANT, record_id: `words-${d}`, resource_type: 'synthetics_sound_words', quantity: 0.01, occurred_at: iso(-d - 0.02) });
    }
  }
  records.push({ project_id: TENANT, record_id: 'undone', resource_type: 'video_time_2d_model', quantity: 50 });
  const batch = await call<{ results: Array<{ status: number }> }>('POST', '/admin/v1/usage-records:batch', { records });
  if (batch.results.some((r) => r.status !== 201)) throw new Error(`usage records refused: ${JSON.stringify(batch.results)}`);
  await call('POST', `/admin/v1/projects/${TENANT}/usage-records/undone/reversal`, {});

  await grant(OTHER, { resource_type: 'video_time_2d_model', amount: 100, usage: 97 });
  await grant(OTHER, { resource_type: 'voice_clone_basic', amount: 4, usage: 1 });
  return { expiringId };
}
