// request.log stands in for a pino child until first use, then behaves as that very child.
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { LazyRequestLogger } from '../../src/http/observability/lazy-request-logger.js';

function fakeParent() {
  const child = { level: 'info', info: vi.fn(), error: vi.fn(), warn: vi.fn(), child: vi.fn() };
  const parent = { child: vi.fn(() => child) } as unknown as FastifyBaseLogger & { child: ReturnType<typeof vi.fn> };
  return { parent, child };
}

describe('LazyRequestLogger', () => {
  it('makes no child until something is logged, then one child with the same bindings and options', () => {
    const { parent, child } = fakeParent();
    const log = new LazyRequestLogger(parent, { request_id: 'abc' }, { level: 'warn' });
    expect(parent.child).not.toHaveBeenCalled();
    log.error({ err: new Error('x') }, 'failed');
    log.info('second');
    expect(parent.child).toHaveBeenCalledTimes(1);
    expect(parent.child).toHaveBeenCalledWith({ request_id: 'abc' }, { level: 'warn' });
    expect(child.error).toHaveBeenCalledWith({ err: expect.any(Error) }, 'failed');
    expect(child.info).toHaveBeenCalledWith('second');
  });

  it('reads and sets the level of the child', () => {
    const { parent, child } = fakeParent();
    const log = new LazyRequestLogger(parent, {}, {});
    expect(log.level).toBe('info');
    log.level = 'debug';
    expect(child.level).toBe('debug');
  });
});
