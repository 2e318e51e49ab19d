// Seeds a ledger for the console tests through the real CLI: two tenants with a spread of packages and usage, an admin.
import { cliJson, runCli } from '../support/cli.js';

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

async function grant(env: Record<string, string>, project: string, type: string, amount: string, extra: string[] = []): Promise<string> {
  const pkg = await cliJson<{ resource_id: string }>(['package', 'grant', project, '--resource-type', type, '--amount', amount, ...extra], env);
  return pkg.resource_id;
}

export interface Seeded {
  expiringId: string;
}

export async function seedLedger(env: Record<string, string>): Promise<Seeded> {
  await cli(['project', 'create', TENANT, '--name', 'Acme Studio'], env);
  await cli(['project', 'create', OTHER, '--name', 'Zephyr Media'], env);
  await cli(['project', 'create', OPS, '--name', 'Operations'], env);
  await cli(['user', 'create', TENANT, TENANT_USER.name, '--password-stdin'], env, `${TENANT_USER.password}\n`);
  await cli(['user', 'create', OPS, ADMIN_USER.name, '--role', 'admin', '--password-stdin'], env, `${ADMIN_USER.password}\n`);

  // Effective 40 days ago so that usage can be recorded on each of the last 30 days.
  const past = ['--effective', iso(-40)];
  const admin = ['--source', 'ADMIN_ALLOCATED'];
  await grant(env, TENANT, 'video_time_2d_model', '600', [...past, ...admin]);
  await grant(env, TENANT, 'video_time_2d_model', '120.25', [...past, '--source', 'PURCHASED', '--usage', '20.125']);
  // Three packages of 0.1: the bar must say 0.3, not 0.30000000000000004.
  for (let i = 0; i < 3; i++) await grant(env, TENANT, 'synthetics_sound_words', '0.1', [...past, '--usage', '0.05']);
  await grant(env, TENANT, 'voice_clone_basic', '10', [...past, '--usage', '8.5']);
  await grant(env, TENANT, 'modeling_count_2d_model', '20', [...past, '--usage', '19.5']);
  const expiringId = await grant(env, TENANT, 'voice_clone_middle', '5', [...past, '--usage', '1', '--expires', iso(12)]);
  await grant(env, TENANT, 'asset_storage', '100', [...past, '--charging-mode', 'PERIODIC', '--usage', '40', '--expires', iso(25)]);
  const frozen = await grant(env, TENANT, 'video_time_picture_2d', '50', past);
  await cli(['package', 'freeze', TENANT, frozen], env);

  // A month of daily usage, a different amount each day, plus one reversed record that must not count.
  const records: string[][] = [];
  for (let d = 0; d < 28; d += 1) {
    const quantity = String(3 + ((d * 7) % 11) + (d % 3) * 0.5);
    records.push(['--record-id', `video-${d}`, '--resource-type', 'video_time_2d_model', '--quantity', quantity, '--occurred-at', iso(-d - 0.01)]);
    if (d % 4 === 0) {
      records.push(['--record-id', `words-${d}`, '--resource-type', 'synthetics_sound_words', '--quantity', '0.01', '--occurred-at', iso(-d - 0.02)]);
    }
  }
  // A few CLI processes at a time: quicker than one by one, and they share the database file as the server does.
  for (let i = 0; i < records.length; i += 6) {
    await Promise.all(records.slice(i, i + 6).map((args) => cli(['usage', 'record', TENANT, ...args], env)));
  }
  await cli(['usage', 'record', TENANT, '--record-id', 'undone', '--resource-type', 'video_time_2d_model', '--quantity', '50'], env);
  await cli(['usage', 'reverse', TENANT, 'undone'], env);

  await grant(env, OTHER, 'video_time_2d_model', '100', ['--usage', '97']);
  await grant(env, OTHER, 'voice_clone_basic', '4', ['--usage', '1']);
  return { expiringId };
}
