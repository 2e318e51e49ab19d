// Lets only a few batch bodies per process be parsed at once: the others wait as raw bytes, not as objects.
import type {
  FastifyReply, FastifyRequest, HookHandlerDoneFunction, onResponseHookHandler, preValidationHookHandler,
} from 'fastify';

/**
 * A counting semaphore. The SQLite writer applies one batch at a time anyway, so batches parsed ahead of it only
 * wait in memory, as objects V8 promotes to its old generation: a hundred clients sending 12 MB bodies would have
 * had all hundred parsed at once. Waiting, a body is its raw bytes.
 */
export class Permits {
  private readonly waiting: Array<() => void> = [];
  private held = 0;
  /** the most permits ever held at once (read by the tests) */
  maxHeld = 0;

  constructor(private readonly count: number) {}

  /** Callers waiting for a permit. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Permits given out and not yet back. */
  get inUse(): number {
    return this.held;
  }

  /** Resolves with the permit's release, which may be called any number of times (only the first counts). */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.held += 1;
        this.maxHeld = Math.max(this.maxHeld, this.held);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.held -= 1;
          // Handed straight on to the longest waiting, if any.
          this.waiting.shift()?.();
        });
      };
      if (this.held < this.count) grant();
      else this.waiting.push(grant);
    });
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    releasePermit?: () => void;
  }
}

/**
 * The two route hooks around a permit: taken before the body is parsed, given back when the response is done
 * (onResponse) or its connection is gone (the response's 'close', which also comes for a client that left
 * while waiting: then it is given back at once).
 */
export function permitHooks(permits: Permits): { acquire: preValidationHookHandler; release: onResponseHookHandler } {
  return {
    acquire: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      void permits.acquire().then((release) => {
        request.releasePermit = release;
        if (request.raw.socket?.destroyed) release();
        else reply.raw.once('close', release);
        done();
      });
    },
    release: (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      request.releasePermit?.();
      done();
    },
  };
}
