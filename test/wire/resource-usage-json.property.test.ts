// The hand-built resources-usage body must be, byte for byte, what Fastify's serializer writes for the response schema.
import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageSumRow } from '../../src/storage/types.js';
import { ResourceUsageResponse, toResourceUsageInfo } from '../../src/wire/resource-usage.js';
import { resourceUsageBody } from '../../src/wire/resource-usage-json.js';

const resourceUsageJson = (rows: UsageSumRow[]) => resourceUsageBody(rows).toString('utf8');

// Texts that need escaping (quotes, backslashes, control characters, lone surrogates, non-ASCII) and ones that
// differ only where a naive key would join them ('a' + 'b' against 'ab' + '').
const text = fc.oneof(
  fc.constantFrom('video_time_2d_model', 'VIDEO_2D', 'MINUTE', 'a', 'ab', 'b', '', 'a"b\\c', 'tab\there', '\u0000', '\ud800', 'é漢字'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const quantity = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 15n }),
  // Beyond 2^53 micro-units: converted through the decimal text.
  fc.bigInt({ min: 2n ** 53n, max: 10n ** 24n }),
  fc.constantFrom(0n, 1n, 999_999n, 1_000_000n, 1_500_000n),
);
const row: fc.Arbitrary<UsageSumRow> = fc.record({
  resourceType: text,
  businessType: text,
  subResourceType: fc.option(text, { nil: null }),
  isSubResource: fc.boolean(),
  chargingMode: text,
  resourceSource: text,
  unit: text,
  amount: quantity,
  usage: quantity,
});

describe('resourceUsageBody', () => {
  let app: FastifyInstance;
  let rows: UsageSumRow[] = [];
  beforeAll(async () => {
    // The oracle: the route's schema-driven serialisation, as the endpoint answered before the hand-built text.
    app = Fastify();
    app.get('/', { schema: { response: { 200: ResourceUsageResponse } } }, async () => ({ resources: rows.map(toResourceUsageInfo) }));
    await app.ready();
  });
  afterAll(() => app.close());

  const fastifyText = async (input: UsageSumRow[]) => {
    rows = input;
    return (await app.inject({ method: 'GET', url: '/' })).payload;
  };

  it('writes exactly the text of the schema serializer, for any rows', async () => {
    await fc.assert(fc.asyncProperty(fc.array(row, { maxLength: 6 }), async (input) => {
      expect(resourceUsageJson(input)).toBe(await fastifyText(input));
    }), { numRuns: 400 });
  });

  it("writes the same text when the rows carry the store's shared description objects", async () => {
    const shared = new Map<string, object>();
    const described = (r: UsageSumRow): UsageSumRow => {
      const key = JSON.stringify([r.resourceType, r.businessType, r.subResourceType, r.isSubResource, r.chargingMode, r.resourceSource, r.unit]);
      if (!shared.has(key)) shared.set(key, {});
      return { ...r, description: shared.get(key)! };
    };
    await fc.assert(fc.asyncProperty(fc.array(row, { maxLength: 6 }), async (input) => {
      const rows = input.map(described);
      expect(resourceUsageJson(rows)).toBe(await fastifyText(input));
    }), { numRuns: 300 });
  });

  it('keeps rows whose texts join alike apart', async () => {
    const base: UsageSumRow = {
      resourceType: 'a', businessType: 'b', subResourceType: null, isSubResource: false, chargingMode: 'c',
      resourceSource: 'd', unit: 'e', amount: 1n, usage: 0n,
    };
    const input = [
      base, { ...base, resourceType: 'ab', businessType: '' }, { ...base, subResourceType: '' }, { ...base, isSubResource: true },
      { ...base, subResourceType: 'null' },
    ];
    const parsed = JSON.parse(resourceUsageJson(input)) as { resources: Array<Record<string, unknown>> };
    expect(parsed.resources.map((r) => [r.resource_type, r.business_type, r.sub_resource_type, r.is_sub_resource])).toEqual([
      ['a', 'b', undefined, false], ['ab', '', undefined, false], ['a', 'b', '', false], ['a', 'b', undefined, true],
      ['a', 'b', 'null', false],
    ]);
    expect(resourceUsageJson(input)).toBe(await fastifyText(input));
  });
});
