// Verb: fill an empty ledger with one demo tenant holding a spread of packages, so `npm start` shows real rows.
import { LedgerError } from '../domain/errors.js';
import { addMonths, formatTimestamp } from '../domain/timestamp.js';
import type { ServiceContext } from './context.js';
import { createCredential, type IssuedCredential } from './create-credential.js';
import { createProject } from './create-project.js';
import { grantPackage, type GrantPackageInput } from './grant-package.js';

type DemoGrant = Omit<GrantPackageInput, 'projectId'>;

export function demoGrants(now: Date): DemoGrant[] {
  const monthAgo = formatTimestamp(addMonths(now, -1));
  const yearAgo = formatTimestamp(addMonths(now, -13));
  return [
    { resourceType: 'video_time_2d_model', amount: '6000', usage: '100.5', orderId: 'CS2611260001DEMO' },
    { resourceType: 'video_time_2d_model', amount: '60', usage: '0.25', source: 'ADMIN_ALLOCATED' },
    { resourceType: 'modeling_count_2d_model', amount: '10', usage: '3' },
    { resourceType: 'voice_clone_basic', amount: '5', usage: '1' },
    { resourceType: 'voice_clone_advance', amount: '2', source: 'SP_ALLOCATED' },
    { resourceType: 'hws.resource.type.metastudio.modeling.flexus.avatar.number', amount: '1' },
    { resourceType: 'hws.resource.type.metastudio.modeling.avatarlive.channel', amount: '5', usage: '2',
      chargingMode: 'PERIODIC', effectiveAt: monthAgo },
    // Expired a month ago: held in the ledger, never counted by resources-usage.
    { resourceType: 'video_time_2d_model', amount: '120', usage: '120', effectiveAt: yearAgo,
      expiresAt: monthAgo },
  ];
}

export interface DemoTenant {
  projectId: string;
  credential: IssuedCredential;
}

/**
 * Always the same id, so creating the project is the claim: when several servers start with --demo on one empty
 * database, the project's primary key lets exactly one of them create it, in any backend and across processes.
 */
export const DEMO_PROJECT_ID = 'de0de0de0de0de0de0de0de0de0de0de';

/** Returns undefined (and changes nothing) when the ledger already holds a project, or another process is seeding it. */
export async function seedDemo(ctx: ServiceContext): Promise<DemoTenant | undefined> {
  if ((await ctx.store.countProjects()) > 0) return undefined;
  try {
    await createProject(ctx, { projectId: DEMO_PROJECT_ID, name: 'demo' });
  } catch (err) {
    if (err instanceof LedgerError && err.code === 'CONFLICT') return undefined;
    throw err;
  }
  for (const grant of demoGrants(ctx.clock())) await grantPackage(ctx, { projectId: DEMO_PROJECT_ID, ...grant });
  const credential = await createCredential(ctx, { projectId: DEMO_PROJECT_ID, role: 'tenant' });
  return { projectId: DEMO_PROJECT_ID, credential };
}
