// GET /healthz (the process answers) and GET /readyz (the database answers and its schema is current).
import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../../domain/errors.js';
import { ErrorBody } from '../../../wire/error-body.js';
import { HealthBody } from '../../../wire/ops-schemas.js';
import type { AppDeps } from '../../deps.js';

const tags = ['operations'];

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/healthz', {
    schema: { summary: 'Liveness: the process is up', description: 'Touches nothing else, so a slow database never restarts the process.', tags, response: { 200: HealthBody } },
  }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    schema: {
      summary: 'Readiness: the database is reachable and its migrations are current',
      description: 'Answers 503 with a MetaStudio error body (MSS.00000001) while it is not; the reason is in the server log.',
      tags, response: { 200: HealthBody, 503: { ...ErrorBody, description: 'Not ready' } },
    },
  }, async (request) => {
    const reason = await notReadyReason(deps);
    if (reason !== undefined) {
      request.log.warn({ reason }, 'not ready');
      throw new LedgerError('UNAVAILABLE', reason);
    }
    return { status: 'ok' };
  });
}

async function notReadyReason(deps: AppDeps): Promise<string | undefined> {
  try {
    await deps.store.ping();
    const { pending } = await deps.store.migrationStatus();
    return pending.length > 0 ? `migrations pending: ${pending.join(', ')}` : undefined;
  } catch (err) {
    return `database unreachable: ${err instanceof Error ? err.message : String(err)}`;
  }
}
