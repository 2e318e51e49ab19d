// Times every store call for ledger_db_operation_duration_seconds, without the store or the services knowing.
import type { Store } from '../../storage/types.js';
import type { HistogramCell } from './hot-histogram.js';
import type { LedgerMetrics } from './ledger-metrics.js';

type AnyFunction = (...args: unknown[]) => unknown;

// Read by the metrics themselves at scrape time: not database operations.
const UNTIMED = new Set(['poolStats', 'readCacheStats']);

function timed(fn: AnyFunction, target: Store, cell: HistogramCell): AnyFunction {
  return (...args: unknown[]) => {
    const started = performance.now();
    const done = () => cell.observe((performance.now() - started) / 1000);
    const result = fn.apply(target, args);
    if (result instanceof Promise) {
      // Observed on the side: the caller awaits the store's own promise, one hop shorter than a wrapper chain,
      // and a rejection still reaches the caller (this branch handles it only for the timing).
      result.then(done, done);
    } else {
      done();
    }
    return result;
  };
}

/**
 * A Store that observes the duration of each call, labelled by method name (a closed set: the interface).
 * A proxy rather than a hand-written wrapper, so a method added to Store later is timed without a change here.
 * Calls run on the real store (not the proxy), so backends may use private fields.
 */
export function instrumentStore(store: Store, metrics: LedgerMetrics): Store {
  metrics.watchPool(() => store.poolStats?.());
  metrics.watchReadCache(() => store.readCacheStats?.());
  const wrapped = new Map<string, AnyFunction>();
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || typeof prop !== 'string' || UNTIMED.has(prop)) return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        fn = timed(value as AnyFunction, target, metrics.dbOperation(prop));
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
