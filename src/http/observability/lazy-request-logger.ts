// request.log made on first use: most requests never log through it (their one line has its own logger).
import type { FastifyBaseLogger } from 'fastify';

type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
/** A pino log method, called with whatever its caller passed. */
type LogMethod = (this: FastifyBaseLogger, ...args: unknown[]) => void;

/**
 * Fastify makes a pino child per request for request.log, and a child runs the redaction pass over its
 * bindings: several µs on every request. This stands in for it and makes the very same child (same parent,
 * bindings and options) the first time anything is read or logged through it.
 */
export class LazyRequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }

  get level(): FastifyBaseLogger['level'] {
    return this.real.level;
  }

  set level(level: FastifyBaseLogger['level']) {
    this.real.level = level;
  }

  fatal(...args: unknown[]): void {
    (this.real.fatal as LogMethod).apply(this.real, args);
  }

  error(...args: unknown[]): void {
    (this.real.error as LogMethod).apply(this.real, args);
  }

  warn(...args: unknown[]): void {
    (this.real.warn as LogMethod).apply(this.real, args);
  }

  info(...args: unknown[]): void {
    (this.real.info as LogMethod).apply(this.real, args);
  }

  debug(...args: unknown[]): void {
    (this.real.debug as LogMethod).apply(this.real, args);
  }

  trace(...args: unknown[]): void {
    (this.real.trace as LogMethod).apply(this.real, args);
  }

  silent(...args: unknown[]): void {
    (this.real.silent as LogMethod).apply(this.real, args);
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/** Fastify's childLoggerFactory option. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options);
}
