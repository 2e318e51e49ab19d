// Admin/service API: record, batch-record, reverse and list usage records.
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../../domain/errors.js';
import { listUsageRecords } from '../../../services/list-usage-records.js';
import { recordUsageBatch } from '../../../services/record-usage-batch.js';
import { recordUsage } from '../../../services/record-usage.js';
import { reverseUsage } from '../../../services/reverse-usage.js';
import type { UsageRecordInput } from '../../../services/usage-record-input.js';
import {
  BatchBody, BatchRecord, ProjectParams, RecordParams, UsageRecordBody, UsageRecordQuery,
} from '../../../wire/admin-schemas.js';
import { BatchResponse, UsageRecordPage } from '../../../wire/admin-responses.js';
import { errorBody, wireError } from '../../../wire/error-body.js';
import { toUsageRecordInfo, UsageRecordInfo } from '../../../wire/usage-record.js';
import { Permits, permitHooks } from '../../batch-permits.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, authenticateHook, parseJsonBody } from '../../hooks.js';
import { serviceContext } from '../../service-context.js';

function recordInput(projectId: string, b: UsageRecordBody): UsageRecordInput {
  return {
    projectId, recordId: b.record_id, resourceType: b.resource_type, quantity: b.quantity,
    businessType: b.business_type, subResourceType: b.sub_resource_type, occurredAt: b.occurred_at,
  };
}

// The writer applies one batch at a time: one being applied and one parsed and ready behind it keep it busy.
const BATCHES_PARSED_AT_ONCE = 2;

export function registerUsageRecordRoutes(app: FastifyInstance, deps: AppDeps): void {
  const authenticated = authenticateHook(deps);
  const preValidation = [authenticated, parseJsonBody];
  const batchPermit = permitHooks(deps.batchPermits ?? new Permits(BATCHES_PARSED_AT_ONCE));
  const ctx = (request: Parameters<typeof actorOf>[0]) => serviceContext(deps, actorOf(request), request);

  app.post<{ Params: ProjectParams; Body: UsageRecordBody }>('/admin/v1/projects/:project_id/usage-records',
    {
      schema: {
        summary: 'Record a usage (idempotent by record_id)',
        description: 'Draws the quantity from the eligible packages in the published order, all or nothing. '
          + 'The same record again answers 200 with the original body; the same record_id with other content is 409 '
          + 'MSS.00000005; not enough left is 409 MSS.20010056 with available_quantity.',
        params: ProjectParams, body: UsageRecordBody,
        response: { 201: { ...UsageRecordInfo, description: 'Applied' }, 200: { ...UsageRecordInfo, description: 'Replayed: the original answer' } },
      },
      config: { metering: 'record' }, preValidation,
    },
    async (request, reply) => {
      request.projectId = request.params.project_id;
      const { record, replayed } = await recordUsage(ctx(request), recordInput(request.params.project_id, request.body));
      return reply.code(replayed ? 200 : 201).send(toUsageRecordInfo(record));
    });

  app.post<{ Body: BatchBody }>('/admin/v1/usage-records::batch',
    {
      schema: {
        summary: 'Record up to 1,000 usages at once',
        description: 'One transaction, a savepoint per record: each record stands or falls alone; results in request order.',
        body: BatchBody, response: { 200: BatchResponse },
      },
      // Authenticated first (a refused caller never waits), then a permit, then the body parsed.
      config: { metering: 'batch' }, preValidation: [authenticated, batchPermit.acquire, parseJsonBody],
      onResponse: batchPermit.release,
    },
    async (request, reply) => {
      const items = request.body.records;
      const inputs = items.map((item): UsageRecordInput | LedgerError => {
        if (Value.Check(BatchRecord, item)) return recordInput(item.project_id, item);
        const first = Value.Errors(BatchRecord, item).First();
        return new LedgerError('INVALID_BODY', `${first?.path || 'record'}: ${first?.message ?? 'invalid'}`);
      });
      const valid = inputs.filter((i): i is UsageRecordInput => !(i instanceof LedgerError));
      const outcomes = valid.length > 0 ? await recordUsageBatch(ctx(request), valid) : [];
      let next = 0;
      const results = inputs.map((input, i) => {
        const outcome = input instanceof LedgerError ? { ok: false as const, error: input } : outcomes[next++]!;
        const ids = { index: i, record_id: (items[i] as { record_id?: unknown })?.record_id ?? null };
        if (outcome.ok) return { ...ids, status: outcome.outcome.replayed ? 200 : 201, record: toUsageRecordInfo(outcome.outcome.record) };
        const wire = wireError(outcome.error.code);
        return { ...ids, status: wire.status, ...errorBody(wire, outcome.error.message, request.id), ...(outcome.error.details?.body ?? {}) };
      });
      reply.meteringStatuses = results.map((r) => r.status);
      return { results };
    });

  app.post<{ Params: RecordParams }>('/admin/v1/projects/:project_id/usage-records/:record_id/reversal',
    {
      schema: {
        summary: 'Reverse a usage record',
        description: 'Gives back exactly what the record took, to the same packages; repeating it changes nothing.',
        params: RecordParams, response: { 200: UsageRecordInfo },
      },
      preValidation,
    },
    async (request) => {
      request.projectId = request.params.project_id;
      const { record } = await reverseUsage(ctx(request), { projectId: request.params.project_id, recordId: request.params.record_id });
      return toUsageRecordInfo(record);
    });

  app.get<{ Params: ProjectParams; Querystring: UsageRecordQuery }>('/admin/v1/projects/:project_id/usage-records',
    {
      schema: {
        summary: "List a project's usage records, newest first",
        params: ProjectParams, querystring: UsageRecordQuery, response: { 200: UsageRecordPage },
      },
      preValidation,
    },
    async (request) => {
      request.projectId = request.params.project_id;
      const q = request.query;
      const page = await listUsageRecords(ctx(request), {
        projectId: request.params.project_id, resourceType: q.resource_type, from: q.from, to: q.to, limit: q.limit, marker: q.marker,
      });
      return { usage_records: page.items.map(toUsageRecordInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) };
    });
}
