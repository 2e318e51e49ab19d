// The hand-assembled request line must be exactly the text pino writes for the same fields, whatever they hold.
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { requestLineWriter, type RequestLineFields } from '../../src/http/observability/request-line.js';

/** A logger as the app builds it (time fixed so two lines can be compared), writing into an array. */
function capturingLogger(options: pino.LoggerOptions = {}) {
  const lines: string[] = [];
  const root = pino({ level: 'info', timestamp: () => ',"time":1795800000000', ...options }, { write: (line: string) => void lines.push(line) });
  return { log: root.child({}, { redact: [] }), lines };
}

// Quotes, backslashes, control characters, lone surrogates, non-ASCII, and texts over pino's 100-character fast path.
const text = fc.oneof(
  fc.constantFrom('', 'GET', '/v1/:project_id/tenants/resources-usage', 'a"b', '\\', '"', 'x\ny', '\u0000', '\ud800', 'é漢字', 'q'.repeat(101)),
  fc.string({ unit: 'binary', maxLength: 120 }),
);
const fields: fc.Arbitrary<RequestLineFields> = fc.record({
  request_id: text,
  route: fc.option(text, { nil: null }),
  method: text,
  project_id: fc.option(text, { nil: null }),
  access_key_id: fc.option(text, { nil: null }),
  status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constantFrom(Number.NaN, Infinity)),
  duration_ms: fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(0.071, 12.5)),
  error_code: fc.option(text, { nil: null }),
  auth_failure: fc.option(text, { nil: null }),
});

describe('requestLineWriter', () => {
  it("writes pino's own text for any fields", () => {
    const ours = capturingLogger();
    const theirs = capturingLogger();
    const write = requestLineWriter(ours.log);
    // The logger as the app configures it takes the assembled path, not pino's call.
    const info = vi.spyOn(ours.log, 'info');
    fc.assert(fc.property(fields, (f) => {
      write(f);
      theirs.log.info(f, 'request');
      expect(ours.lines.at(-1)).toBe(theirs.lines.at(-1));
    }), { numRuns: 500 });
    expect(info).not.toHaveBeenCalled();
  });

  it('writes nothing when info is below the level', () => {
    const { log, lines } = capturingLogger({ level: 'warn' });
    requestLineWriter(log)({
      request_id: 'r', route: null, method: 'GET', project_id: null, access_key_id: null, status: 200, duration_ms: 1,
      error_code: null, auth_failure: null,
    });
    expect(lines).toEqual([]);
  });

  it("leaves a logger with a mixin or a log formatter to pino's own call", () => {
    const f: RequestLineFields = {
      request_id: 'r', route: '/x', method: 'GET', project_id: 'p', access_key_id: null, status: 200, duration_ms: 1.5,
      error_code: null, auth_failure: null,
    };
    for (const options of [{ mixin: () => ({ extra: 1 }) }, { formatters: { log: (o: object) => ({ ...o, shaped: true }) } }]) {
      const ours = capturingLogger(options);
      const theirs = capturingLogger(options);
      requestLineWriter(ours.log)(f);
      theirs.log.info(f, 'request');
      expect(ours.lines).toEqual(theirs.lines);
      expect(ours.lines[0]).toMatch(/"extra":1|"shaped":true/);
    }
  });
});
